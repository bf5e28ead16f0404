package dev.latte.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.latte.backend.Activations;
import dev.latte.backend.Backend;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.Routing;
import dev.latte.backend.scalar.ScalarBackend;
import dev.latte.model.WeightTensor;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The routed experts of the cpu-simd backend, which run all experts of a chunk in two parallel-fors
 * over work items of several experts, against the scalar reference backend, which runs one expert
 * after the other: many experts, skewed routing (some experts get many tokens, some none), token
 * counts that are not multiples of the kernels' token tile, shapes with partial vector blocks, and
 * gate, up and down in different encodings.
 *
 * <p>Tolerance: both backends sum float32 products of the same decoded weights in different
 * orders, so outputs agree to a few float32 roundings of the sum of magnitudes, well within 1e-4
 * of values of order one.
 */
class SimdRoutedExpertsTest extends AgainstScalarBackend {
    private static final int EXPERTS = 20;
    private static final int TOP_K = 6;

    private final RandomWeights weights = new RandomWeights(Arena.ofAuto());

    @ParameterizedTest(name = "{0} tokens, hidden {1}, intermediate {2}, {3}")
    @CsvSource({
            "1, 128, 96, BF16",
            "3, 100, 72, BF16",
            "13, 200, 40, BF16",
            "37, 64, 136, BF16",
            "1, 128, 96, FP8",
            "9, 100, 72, FP8",
            "11, 128, 64, INT4",
            "5, 96, 48, MIXED"})
    void matchesTheScalarBackend(int tokens, int hidden, int inner, String encodings) {
        Random random = new Random(tokens * 1_000_003L + hidden * 31L + inner);
        List<WeightTensor[]> stored = new ArrayList<>();
        for (int e = 0; e < EXPERTS; e++) {
            String name = "experts." + e;
            stored.add(switch (encodings) {
                case "MIXED" -> new WeightTensor[] {
                        weights.weight("BF16", name + ".gate", inner, hidden, random),
                        weights.weight("FP8", name + ".up", inner, hidden, random),
                        weights.weight("INT4", name + ".down", hidden, inner, random)};
                default -> new WeightTensor[] {
                        weights.weight(encodings, name + ".gate", inner, hidden, random),
                        weights.weight(encodings, name + ".up", inner, hidden, random),
                        weights.weight(encodings, name + ".down", hidden, inner, random)};
            });
        }
        Routing routing = skewedRouting(tokens, random);
        float[] x = new float[tokens * hidden];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }

        float[] expected = run(scalar, stored, routing, x, tokens, hidden);
        assertClose(run(simd, stored, routing, x, tokens, hidden), expected, "first chunk");
        assertClose(run(simd, stored, routing, x, tokens, hidden), expected, "second chunk, through the reused buffers");
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s: output %d", what, i)
                    .isCloseTo(expected[i], offset(1e-4f * (1 + Math.abs(expected[i]))));
        }
    }

    /** Distinct experts per token, drawn so that the low-numbered experts get most of the tokens. */
    private static Routing skewedRouting(int tokens, Random random) {
        int[] experts = new int[tokens * TOP_K];
        float[] weights = new float[tokens * TOP_K];
        for (int t = 0; t < tokens; t++) {
            boolean[] taken = new boolean[EXPERTS];
            for (int k = 0; k < TOP_K; k++) {
                int e;
                do {
                    double u = random.nextDouble();
                    e = (int) (EXPERTS * u * u);
                } while (taken[e]);
                taken[e] = true;
                experts[t * TOP_K + k] = e;
                weights[t * TOP_K + k] = 0.1f + random.nextFloat();
            }
        }
        return new Routing(tokens, TOP_K, experts, weights);
    }

    private static float[] run(Backend backend, List<WeightTensor[]> stored, Routing routing, float[] x, int tokens, int hidden) {
        List<ExpertWeights> experts = new ArrayList<>();
        for (WeightTensor[] w : stored) {
            experts.add(new ExpertWeights(backend.upload(w[0]), backend.upload(w[1]), backend.upload(w[2])));
        }
        Activations in = backend.allocate(tokens, hidden);
        Activations out = backend.allocate(tokens, hidden);
        backend.fromHost(x, in);
        backend.routedExperts(in, experts, routing, out);
        return backend.toHost(out);
    }
}
