package dev.latte.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.latte.model.ConfigMaps;
import dev.latte.model.ModelConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RotaryEmbeddingTest {

    @Test
    void yarnFrequenciesOfDeepSeekV3MatchTheSpecValues() {
        float[] inverse = RotaryEmbedding.frequencies(ConfigMaps.deepSeekV3Rope()).inverseFrequencies();
        assertThat(inverse).hasSize(32);
        assertThat(inverse[0]).isEqualTo(1.0f);
        assertThat(inverse[9]).isCloseTo(0.07498942f, within(1e-7f));
        assertThat(inverse[10]).isCloseTo(0.05623413f, within(1e-7f));
        assertThat(inverse[16]).isCloseTo(0.0055f, within(1e-8f));
        assertThat(inverse[22]).isCloseTo(1.778279e-4f, within(1e-9f));
        assertThat(inverse[23]).isCloseTo(3.333804e-5f, within(1e-10f));
        assertThat(inverse[31]).isCloseTo(3.333804e-6f, within(1e-11f));
    }

    @Test
    void yarnFrequenciesFollowTheFormulaInDoublePrecision() {
        float[] inverse = RotaryEmbedding.frequencies(ConfigMaps.deepSeekV3Rope()).inverseFrequencies();
        double base = 10000;
        double low = Math.floor(64 * Math.log(4096 / (32 * 2 * Math.PI)) / (2 * Math.log(base)));
        double high = Math.ceil(64 * Math.log(4096 / (1 * 2 * Math.PI)) / (2 * Math.log(base)));
        assertThat(low).isEqualTo(10);
        assertThat(high).isEqualTo(23);
        for (int i = 0; i < 32; i++) {
            double f = Math.pow(base, -2.0 * i / 64);
            double ramp = Math.min(1, Math.max(0, (i - low) / (high - low)));
            double expected = f / 40 * ramp + f * (1 - ramp);
            assertThat((double) inverse[i]).as("pair %d", i).isCloseTo(expected, within(expected * 1e-6));
        }
    }

    @Test
    void softmaxScaleCarriesTheSquaredMscale() {
        assertThat(RotaryEmbedding.softmaxScale(ConfigMaps.deepSeekV3Rope())).isCloseTo(0.13523378f, within(1e-7f));

        Map<String, Object> v2Lite = ConfigMaps.of("v2lite-bf16");
        v2Lite.put("qk_rope_head_dim", 64L);
        v2Lite.put("qk_nope_head_dim", 128L);
        v2Lite.put("rope_scaling", Map.of("type", "yarn", "factor", 40.0, "original_max_position_embeddings", 4096L,
                "beta_fast", 32L, "beta_slow", 1L, "mscale", 0.707, "mscale_all_dim", 0.707));
        assertThat(RotaryEmbedding.softmaxScale(ModelConfig.parse(v2Lite))).isCloseTo(0.11472139f, within(1e-7f));

        Map<String, Object> plain = ConfigMaps.of("v2group-f32");
        plain.put("qk_rope_head_dim", 64L);
        plain.put("qk_nope_head_dim", 128L);
        ModelConfig moonlightLike = ModelConfig.parse(plain);
        assertThat(RotaryEmbedding.softmaxScale(moonlightLike)).isCloseTo(0.07216878f, within(1e-7f));
        assertThat(RotaryEmbedding.frequencies(moonlightLike).inverseFrequencies()[1])
                .isCloseTo((float) Math.pow(10000, -2.0 / 64), within(1e-8f));
    }
}
