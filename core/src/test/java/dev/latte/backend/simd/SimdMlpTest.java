package dev.latte.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.latte.backend.Activations;
import dev.latte.backend.Backend;
import dev.latte.backend.Weight;
import dev.latte.backend.scalar.ScalarBackend;
import dev.latte.model.WeightTensor;
import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused SwiGLU MLP of the cpu-simd backend, which runs gate, up and SwiGLU in one parallel-for
 * and the down projection in a second, against the MLP evaluated in double precision from the
 * decoded weights, against the scalar backend (which runs the SPI's default: three products and
 * {@code siluMul}), and against the cpu-simd backend's own four separate operations.
 *
 * <p>Tolerance: each stage sums at most 200 float32 products of exactly decoded weights, within
 * {@code (n + 2)·2^−24 ≈ 1.2e-5} of the sum of the terms' magnitudes; the errors of gate and up
 * pass through SiLU and the down projection scaled by weights of order {@code 1/√n}, so
 * {@code 1e-4 · (1 + Σ_i |down[r][i] · h[i]|)} bounds the float32 result with room to spare.
 */
class SimdMlpTest extends AgainstScalarBackend {
    private final RandomWeights weights = new RandomWeights(Arena.ofAuto());

    // Hidden sizes with partial vector blocks for every interleave; intermediate sizes that split
    // into blocks of uneven length over 3 workers.
    @ParameterizedTest(name = "{0}, {1} tokens, hidden {2}, intermediate {3}")
    @CsvSource({
            "BF16, 1, 200, 72", "BF16, 3, 200, 72", "BF16, 17, 136, 96",
            "FP8, 1, 200, 72", "FP8, 3, 200, 72", "FP8, 17, 136, 96",
            "INT4, 1, 200, 72", "INT4, 3, 200, 72", "INT4, 17, 136, 96"})
    void matchesTheMlpInDoublePrecisionAndTheScalarBackend(String encoding, int tokens, int hidden, int inner) {
        Random random = new Random(tokens * 1_000_003L + hidden * 31L + inner + encoding.hashCode());
        WeightTensor gate = weights.weight(encoding, "mlp.gate_proj", inner, hidden, random);
        WeightTensor up = weights.weight(encoding, "mlp.up_proj", inner, hidden, random);
        WeightTensor down = weights.weight(encoding, "mlp.down_proj", hidden, inner, random);
        float[] x = new float[tokens * hidden];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }

        double[][] reference = mlpInDouble(x, tokens, gate, up, down);
        float[] fused = fused(simd, x, tokens, gate, up, down);
        assertClose(fused, reference, "cpu-simd");
        assertClose(fused(scalar, x, tokens, gate, up, down), reference, "scalar");
        assertThat(fused(simd, x, tokens, gate, up, down)).as("second call, through the reused buffers").isEqualTo(fused);
        // The fused form runs the same kernels on the same rows as the separate operations, and
        // adds the down projection to zero with weight 1, which is exact.
        assertThat(separate(simd, x, tokens, gate, up, down)).as("matmul, matmul, siluMul, matmul").isEqualTo(fused);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "cpu-simd"})
    void rejectsOperandsThatDoNotFitTogether(String backendName) {
        Backend backend = backendName.equals("scalar") ? scalar : simd;
        Random random = new Random(7);
        Weight gate = backend.upload(weights.weight("BF16", "gate", 48, 64, random));
        Weight up = backend.upload(weights.weight("BF16", "up", 48, 64, random));
        Weight down = backend.upload(weights.weight("BF16", "down", 64, 48, random));
        Weight narrowUp = backend.upload(weights.weight("BF16", "narrow_up", 40, 64, random));
        Weight transposedDown = backend.upload(weights.weight("BF16", "transposed_down", 48, 64, random));
        try (Activations x = backend.allocate(3, 64);
             Activations out = backend.allocate(3, 64);
             Activations shortOut = backend.allocate(2, 64);
             Activations wideX = backend.allocate(3, 80)) {
            assertThatThrownBy(() -> backend.mlp(x, gate, narrowUp, down, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("mlp up narrow_up is 40 × 64, expected 48 × 64");
            assertThatThrownBy(() -> backend.mlp(x, gate, up, transposedDown, out))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("mlp down transposed_down is 48 × 64, expected 64 × 48");
            assertThatThrownBy(() -> backend.mlp(wideX, gate, up, down, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("mlp gate gate is 48 × 64, expected 48 × 80");
            assertThatThrownBy(() -> backend.mlp(x, gate, up, down, shortOut))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("mlp output is 2 × 64, expected 3 × 64");
        }
    }

    private static void assertClose(float[] actual, double[][] reference, String what) {
        double[] expected = reference[0];
        double[] magnitude = reference[1];
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s: output %d", what, i)
                    .isCloseTo(expected[i], offset(1e-4 * (1 + magnitude[i])));
        }
    }

    /** The MLP's output in double precision, and per output the sum of the down projection's term magnitudes. */
    private static double[][] mlpInDouble(float[] x, int tokens, WeightTensor gate, WeightTensor up, WeightTensor down) {
        int hidden = gate.cols();
        int inner = gate.rows();
        float[][] g = decoded(gate);
        float[][] u = decoded(up);
        float[][] d = decoded(down);
        double[] out = new double[tokens * hidden];
        double[] magnitude = new double[tokens * hidden];
        double[] h = new double[inner];
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < inner; i++) {
                double gi = 0;
                double ui = 0;
                for (int c = 0; c < hidden; c++) {
                    gi += (double) g[i][c] * x[t * hidden + c];
                    ui += (double) u[i][c] * x[t * hidden + c];
                }
                h[i] = gi / (1 + Math.exp(-gi)) * ui;
            }
            for (int r = 0; r < hidden; r++) {
                for (int i = 0; i < inner; i++) {
                    out[t * hidden + r] += d[r][i] * h[i];
                    magnitude[t * hidden + r] += Math.abs(d[r][i] * h[i]);
                }
            }
        }
        return new double[][] {out, magnitude};
    }

    private static float[][] decoded(WeightTensor w) {
        float[][] rows = new float[w.rows()][w.cols()];
        for (int r = 0; r < w.rows(); r++) {
            w.decodeRow(r, rows[r], 0);
        }
        return rows;
    }

    private static float[] fused(Backend backend, float[] x, int tokens, WeightTensor gate, WeightTensor up, WeightTensor down) {
        try (Activations in = backend.allocate(tokens, gate.cols());
             Activations out = backend.allocate(tokens, gate.cols())) {
            backend.fromHost(x, in);
            backend.mlp(in, backend.upload(gate), backend.upload(up), backend.upload(down), out);
            return backend.toHost(out);
        }
    }

    private static float[] separate(Backend backend, float[] x, int tokens, WeightTensor gate, WeightTensor up,
                                    WeightTensor down) {
        try (Activations in = backend.allocate(tokens, gate.cols());
             Activations g = backend.allocate(tokens, gate.rows());
             Activations u = backend.allocate(tokens, gate.rows());
             Activations out = backend.allocate(tokens, gate.cols())) {
            backend.fromHost(x, in);
            backend.matmul(in, backend.upload(gate), g);
            backend.matmul(in, backend.upload(up), u);
            backend.siluMul(g, u, g);
            backend.matmul(g, backend.upload(down), out);
            return backend.toHost(out);
        }
    }
}
