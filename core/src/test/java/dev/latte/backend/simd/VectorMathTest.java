package dev.latte.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The transcendental steps give exactly the bits of the scalar formula with {@link Math#exp}, so a
 * seeded generation cannot depend on whether the JIT has compiled the kernels yet.
 */
class VectorMathTest {
    private final Random random = new Random(11);

    @Test
    void siluMulIsTheScalarFormulaBitForBit() {
        int n = 1411;
        float[] gate = gaussians(n, 4);
        float[] up = gaussians(n, 1);
        float[] out = new float[n];
        for (int round = 0; round < 2000; round++) {
            VectorMath.siluMul(gate, up, out, n);
        }
        for (int i = 0; i < n; i++) {
            float expected = gate[i] / (1 + (float) Math.exp(-gate[i])) * up[i];
            assertThat(out[i]).as("element %d", i).isEqualTo(expected);
        }
    }

    @Test
    void softmaxExponentialsAreTheScalarFormulaBitForBit() {
        int n = 333;
        float[] logits = gaussians(n, 3);
        float[] probabilities = new float[n];
        for (int round = 0; round < 2000; round++) {
            System.arraycopy(logits, 0, probabilities, 0, n);
            VectorMath.softmax(probabilities, n);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        float sum = 0;
        float[] exponentials = new float[n];
        for (int i = 0; i < n; i++) {
            exponentials[i] = (float) Math.exp(logits[i] - max);
            sum += exponentials[i];
        }
        for (int i = 0; i < n; i++) {
            assertThat(probabilities[i]).as("element %d", i).isEqualTo(exponentials[i] * (1 / sum));
        }
    }

    private float[] gaussians(int n, double sigma) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * sigma);
        }
        return values;
    }
}
