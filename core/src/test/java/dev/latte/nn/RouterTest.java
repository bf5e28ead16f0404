package dev.latte.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.latte.backend.Routing;
import dev.latte.model.ConfigMaps;
import dev.latte.model.ModelConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static ModelConfig config(String fixture, Map<String, Object> overrides) {
        Map<String, Object> c = ConfigMaps.of(fixture);
        c.putAll(overrides);
        return ModelConfig.parse(c);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void noauxBiasChoosesTheExpertsButNeverWeighsThem() {
        // 16 experts in 4 groups of 4, keep 2 groups, top 4; logits 0 except where set.
        ModelConfig c = config("v3-f32", Map.of());
        float[] bias = new float[16];
        float[] logits = new float[16];
        logits[0] = 3;    // group 0: top-2 sum 3+2.5 selection
        logits[1] = 2.5f;
        logits[4] = 4;    // group 1: a single strong expert (sum 4 + 0.5)
        bias[5] = 0.5f;   // lifts expert 5 to selection 1.0 (sigmoid 0.5 + 0.5) without changing its weight
        logits[8] = 1;    // group 2: 1 + 0
        logits[9] = 1;
        Routing routing = new Router(c, bias).route(logits, 1);

        // group sums (σ+b top-2): g0 0.953+0.924, g1 0.982+1.0, g2 0.731+0.731, g3 1.0 → keep g1, g0
        assertThat(new int[] {routing.expert(0, 0), routing.expert(0, 1), routing.expert(0, 2), routing.expert(0, 3)})
                .containsExactly(5, 4, 0, 1);
        double[] sig = {sigmoid(0), sigmoid(4), sigmoid(3), sigmoid(2.5)};
        double sum = sig[0] + sig[1] + sig[2] + sig[3];
        for (int k = 0; k < 4; k++) {
            assertThat((double) routing.weight(0, k)).isCloseTo(2.5 * sig[k] / sum, within(1e-6));
        }
    }

    @Test
    void groupLimitedSoftmaxScoresAGroupByItsMaximumAndDoesNotRenormalise() {
        // 12 experts in 3 groups of 4, keep 2, top 3, scale 4.
        ModelConfig c = config("v2group-f32", Map.of());
        float[] logits = {2, 0, 0, 0, 1.5f, 1.5f, 1.5f, 0, 1.9f, 0, 0, 0};
        Routing routing = new Router(c, null).route(logits, 1);
        // group maxima: 2, 1.5, 1.9 → keep groups 0 and 2; experts 0, 8 then the best of the rest (ties → lowest id 1)
        assertThat(new int[] {routing.expert(0, 0), routing.expert(0, 1), routing.expert(0, 2)}).containsExactly(0, 8, 1);
        double denominator = 0;
        for (float l : logits) {
            denominator += Math.exp(l);
        }
        assertThat((double) routing.weight(0, 0)).isCloseTo(4 * Math.exp(2) / denominator, within(1e-6));
        assertThat((double) routing.weight(0, 2)).isCloseTo(4 * Math.exp(0) / denominator, within(1e-6));
    }

    @Test
    void greedyIgnoresGroupsAndBreaksTiesTowardsTheLowerExpert() {
        ModelConfig c = config("v2lite-bf16", Map.of());
        float[] logits = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 2, 2, 0, 0, 0};
        Routing routing = new Router(c, null).route(logits, 2);
        assertThat(new int[] {routing.expert(0, 0), routing.expert(0, 1), routing.expert(0, 2)}).containsExactly(0, 1, 2);
        assertThat(new int[] {routing.expert(1, 0), routing.expert(1, 1), routing.expert(1, 2)}).containsExactly(3, 4, 0);
    }
}
