package dev.latte.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The exponential behind SiLU and softmax against {@link Math#exp} in double precision, and the
 * vector lanes against the scalar code bit for bit, on the first (interpreted) call and after the
 * JIT has compiled the loops, so a seeded generation cannot depend on JIT timing.
 */
class VectorMathTest {
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();
    private final Random random = new Random(11);

    @Test
    void exponentialIsWithinTwoToTheMinus21OfTheTrueValue() {
        for (int i = 0; i <= 1_000_000; i++) {
            float x = -87.3f + (88.3f + 87.3f) * i / 1_000_000;
            double exact = Math.exp(x);
            assertThat(Math.abs(VectorMath.exp(x) - exact)).as("exp(%s)", x).isLessThanOrEqualTo(exact * 0x1p-21);
        }
        assertThat(VectorMath.exp(0f)).isEqualTo(1f);
        assertThat(VectorMath.exp(-1000f)).isEqualTo(VectorMath.exp(-87.3f));
        assertThat(VectorMath.exp(1000f)).isFinite();
    }

    @Test
    void vectorLanesAreTheScalarExponentialBitForBit() {
        float[] x = gaussians(LANES * 64, 30);
        float[] lanes = new float[x.length];
        for (int round = 0; round < 3000; round++) {
            for (int i = 0; i < x.length; i += LANES) {
                VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(lanes, i);
            }
            for (int i = 0; i < x.length; i++) {
                assertThat(lanes[i]).as("round %d, element %d", round, i).isEqualTo(VectorMath.exp(x[i]));
            }
        }
    }

    @Test
    void siluMulIsTheScalarFormulaBitForBitAndCloseToTheExactOne() {
        int n = 1411;
        float[] gate = gaussians(n, 4);
        float[] up = gaussians(n, 1);
        float[] out = new float[n];
        for (int round = 0; round < 2000; round++) {
            VectorMath.siluMul(gate, up, out, n);
            if (round == 0 || round == 1999) {
                for (int i = 0; i < n; i++) {
                    float expected = gate[i] / (VectorMath.exp(-gate[i]) + 1) * up[i];
                    assertThat(out[i]).as("round %d, element %d", round, i).isEqualTo(expected);
                    double exact = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
                    assertThat(Math.abs(out[i] - exact)).as("element %d", i).isLessThanOrEqualTo(1e-6 * (1 + Math.abs(exact)));
                }
            }
        }
    }

    @Test
    void softmaxIsTheScalarFormulaBitForBitAndCloseToTheExactOne() {
        int n = 333;
        float[] logits = gaussians(n, 3);
        float[] probabilities = new float[n];
        float max = Float.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        float sum = 0;
        float[] exponentials = new float[n];
        double exactSum = 0;
        for (int i = 0; i < n; i++) {
            exponentials[i] = VectorMath.exp(logits[i] - max);
            sum += exponentials[i];
            exactSum += Math.exp(logits[i] - max);
        }
        for (int round = 0; round < 2000; round++) {
            System.arraycopy(logits, 0, probabilities, 0, n);
            VectorMath.softmax(probabilities, n);
            if (round == 0 || round == 1999) {
                for (int i = 0; i < n; i++) {
                    assertThat(probabilities[i]).as("round %d, element %d", round, i).isEqualTo(exponentials[i] * (1 / sum));
                    double exact = Math.exp(logits[i] - max) / exactSum;
                    assertThat(Math.abs(probabilities[i] - exact)).as("element %d", i).isLessThanOrEqualTo(1e-6 * exact);
                }
            }
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
