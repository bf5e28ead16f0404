package dev.latte.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Float32 array loops of the elementwise and reduction ops, vectorized with scalar tails. */
final class VectorMath {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int L = FLOATS.length();
    // Vector operands made once: a scalar operand (v.mul(2f)) is broadcast inside the call, which
    // C2 did not always inline, boxing the vectors of the loop.

    private VectorMath() {
    }

    /** {@code Σ a[ao+i]·b[bo+i]}, {@code i < n}. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector s0 = FloatVector.zero(FLOATS);
        FloatVector s1 = FloatVector.zero(FLOATS);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            s0 = FloatVector.fromArray(FLOATS, a, ao + i).fma(FloatVector.fromArray(FLOATS, b, bo + i), s0);
            s1 = FloatVector.fromArray(FLOATS, a, ao + i + L).fma(FloatVector.fromArray(FLOATS, b, bo + i + L), s1);
        }
        for (; i + L <= n; i += L) {
            s0 = FloatVector.fromArray(FLOATS, a, ao + i).fma(FloatVector.fromArray(FLOATS, b, bo + i), s0);
        }
        float sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    /**
     * {@code out[oo+c] = Σ_d x[xo+d] · m[d·cols + c]} for {@code d < n}, {@code c < cols}: a row vector
     * times a row-major matrix, four vectors of columns accumulated in registers across all rows.
     */
    static void rowTimesMatrix(float[] x, int xo, float[] m, int n, int cols, float[] out, int oo) {
        int c = 0;
        for (; c + 4 * L <= cols; c += 4 * L) {
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector a1 = FloatVector.zero(FLOATS);
            FloatVector a2 = FloatVector.zero(FLOATS);
            FloatVector a3 = FloatVector.zero(FLOATS);
            for (int d = 0; d < n; d++) {
                FloatVector s = FloatVector.broadcast(FLOATS, x[xo + d]);
                int row = d * cols + c;
                a0 = FloatVector.fromArray(FLOATS, m, row).fma(s, a0);
                a1 = FloatVector.fromArray(FLOATS, m, row + L).fma(s, a1);
                a2 = FloatVector.fromArray(FLOATS, m, row + 2 * L).fma(s, a2);
                a3 = FloatVector.fromArray(FLOATS, m, row + 3 * L).fma(s, a3);
            }
            a0.intoArray(out, oo + c);
            a1.intoArray(out, oo + c + L);
            a2.intoArray(out, oo + c + 2 * L);
            a3.intoArray(out, oo + c + 3 * L);
        }
        for (; c < cols; c++) {
            float sum = 0;
            for (int d = 0; d < n; d++) {
                sum += x[xo + d] * m[d * cols + c];
            }
            out[oo + c] = sum;
        }
    }

    /** {@code y[yo+i] += alpha · x[xo+i]}, {@code i < n}. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector a = FloatVector.broadcast(FLOATS, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(FLOATS, x, xo + i)
                    .fma(a, FloatVector.fromArray(FLOATS, y, yo + i))
                    .intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /** {@code out[oo+i] = w[i] · x[xo+i] / sqrt(mean(x²) + eps)} over one row of {@code n}. */
    static void rmsNorm(float[] x, int xo, float[] w, float eps, float[] out, int oo, int n) {
        float inverse = (float) (1 / Math.sqrt(dot(x, xo, x, xo, n) / n + eps));
        FloatVector scale = FloatVector.broadcast(FLOATS, inverse);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(FLOATS, x, xo + i).mul(scale)
                    .mul(FloatVector.fromArray(FLOATS, w, i))
                    .intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = x[xo + i] * inverse * w[i];
        }
    }

    /** {@code out[i] = gate[i] / (1 + e^−gate[i]) · up[i]}, {@code i < n}. */
    static void siluMul(float[] gate, float[] up, float[] out, int n) {
        siluMul(gate, up, out, 0, n);
    }

    /**
     * {@code out[i] = gate[i] / (1 + e^−gate[i]) · up[i]}, {@code offset ≤ i < offset + n}.
     * The exponential is the scalar {@link Math#exp}: the Vector API's {@code EXP} gives different
     * bits interpreted and compiled, which would make a seeded generation depend on JIT timing.
     */
    static void siluMul(float[] gate, float[] up, float[] out, int offset, int n) {
        int end = offset + n;
        for (int i = offset; i < end; i++) {
            float g = gate[i];
            out[i] = g / (1 + (float) Math.exp(-g)) * up[i];
        }
    }

    /** {@code x[i] += delta[i]}, {@code i < n}. */
    static void add(float[] x, float[] delta, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(FLOATS, x, i).add(FloatVector.fromArray(FLOATS, delta, i)).intoArray(x, i);
        }
        for (; i < n; i++) {
            x[i] += delta[i];
        }
    }

    /** Softmax of {@code v[0 .. n)} in place, max-subtracted. */
    static void softmax(float[] v, int n) {
        softmax(v, 0, n);
    }

    /** Softmax of {@code v[offset .. offset + n)} in place, max-subtracted. */
    static void softmax(float[] v, int offset, int n) {
        int end = offset + n;
        FloatVector maxima = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
        int i = offset;
        for (; i + L <= end; i += L) {
            maxima = maxima.max(FloatVector.fromArray(FLOATS, v, i));
        }
        float max = maxima.reduceLanes(VectorOperators.MAX);
        for (; i < end; i++) {
            max = Math.max(max, v[i]);
        }
        // Scalar Math.exp for the same reason as in siluMul: the same bits whatever the JIT has compiled.
        float sum = 0;
        for (i = offset; i < end; i++) {
            v[i] = (float) Math.exp(v[i] - max);
            sum += v[i];
        }
        float inverse = 1 / sum;
        FloatVector scale = FloatVector.broadcast(FLOATS, inverse);
        for (i = offset; i + L <= end; i += L) {
            FloatVector.fromArray(FLOATS, v, i).mul(scale).intoArray(v, i);
        }
        for (; i < end; i++) {
            v[i] *= inverse;
        }
    }
}
