package dev.latte.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void readsEveryFieldOfTheV3Fixture() {
        ModelConfig c = ModelConfig.parse(ConfigMaps.of("v3-int4"));
        assertThat(c.modelType()).isEqualTo("deepseek_v3");
        assertThat(c.qLoraRank()).isEqualTo(96);
        assertThat(c.topkMethod()).isEqualTo("noaux_tc");
        assertThat(c.scoringFunc()).isEqualTo("sigmoid");
        assertThat(c.normTopkProb()).isTrue();
        assertThat(c.routedScalingFactor()).isEqualTo(2.5);
        assertThat(c.isMoeLayer(0)).isFalse();
        assertThat(c.isMoeLayer(1)).isTrue();
        assertThat(c.ropeScaling()).isEqualTo(new RopeScaling(4, 64, 32, 1, 1, 1));
        assertThat(c.quantization()).isInstanceOfSatisfying(Quantization.PackedInt4.class, q -> {
            assertThat(q.groupSize()).isEqualTo(32);
            assertThat(q.symmetric()).isTrue();
            assertThat(q.ignore()).contains("lm_head");
        });
    }

    @Test
    void nullQueryRankMeansNoQueryCompression() {
        ModelConfig c = ModelConfig.parse(ConfigMaps.of("v2lite-bf16"));
        assertThat(c.hasQueryLora()).isFalse();
        assertThat(c.quantization()).isInstanceOf(Quantization.None.class);
    }

    @Test
    void kimiK2IsReadAsTheV3Architecture() {
        Map<String, Object> json = ConfigMaps.of("v3-f32");
        json.put("model_type", "kimi_k2");
        json.put("moe_layer_freq", 2L);
        ModelConfig c = ModelConfig.parse(json);
        assertThat(c.modelType()).isEqualTo("kimi_k2");
        assertThat(c.isMoeLayer(1)).isFalse();
        assertThat(c.isMoeLayer(2)).isTrue();
    }

    @Test
    void otherRopeScalingTypesAreUnsupported() {
        Map<String, Object> json = ConfigMaps.of("v3-f32");
        json.put("rope_scaling", Map.of("type", "linear", "factor", 2.0));
        assertThatThrownBy(() -> ModelConfig.parse(json)).isInstanceOf(UnsupportedCheckpointException.class)
                .hasMessageContaining("\"linear\"");
    }

    @Test
    void inconsistentRoutingIsRefused() {
        Map<String, Object> json = ConfigMaps.of("v3-f32");
        json.put("n_group", 3L);
        assertThatThrownBy(() -> ModelConfig.parse(json)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("n_group 3");
        Map<String, Object> method = ConfigMaps.of("v3-f32");
        method.put("topk_method", "random");
        assertThatThrownBy(() -> ModelConfig.parse(method)).isInstanceOf(UnsupportedCheckpointException.class)
                .hasMessageContaining("topk_method \"random\"");
    }
}
