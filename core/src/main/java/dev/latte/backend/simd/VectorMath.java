package dev.latte.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Float32 array loops of the elementwise and reduction ops, vectorized with scalar tails. */
final class VectorMath {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int L = FLOATS.length();
    // Vector operands made once: a scalar operand (v.mul(2f)) is broadcast inside the call, which
    // C2 did not always inline, boxing the vectors of the loop.

    // e^x = 2^n · e^r with n = round(x · log2 e) and |r| ≤ ln2/2, e^r by its Taylor polynomial of
    // degree 6 (relative error below 2^−22). Inputs are clamped to [EXP_LOW, EXP_HIGH] so 2^n stays
    // a normal float. Only additions, multiplications, fused multiply-adds and an exact conversion:
    // the same bits whether a lane is computed by compiled vector code, by the Vector API's Java
    // fallback before C2 has compiled it, or by the scalar tail.
    private static final float EXP_LOW = -87.3f;
    private static final float EXP_HIGH = 88.3f;
    private static final float LOG2E = 1.44269504f;
    /** 1.5 · 2^23: adding it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUNDER = 12582912f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float C2 = 1 / 2f;
    private static final float C3 = 1 / 6f;
    private static final float C4 = 1 / 24f;
    private static final float C5 = 1 / 120f;
    private static final float C6 = 1 / 720f;
    private static final FloatVector V_EXP_LOW = FloatVector.broadcast(FLOATS, EXP_LOW);
    private static final FloatVector V_EXP_HIGH = FloatVector.broadcast(FLOATS, EXP_HIGH);
    private static final FloatVector V_LOG2E = FloatVector.broadcast(FLOATS, LOG2E);
    private static final FloatVector V_ROUNDER = FloatVector.broadcast(FLOATS, ROUNDER);
    private static final FloatVector V_MINUS_LN2_HIGH = FloatVector.broadcast(FLOATS, -LN2_HIGH);
    private static final FloatVector V_MINUS_LN2_LOW = FloatVector.broadcast(FLOATS, -LN2_LOW);
    private static final FloatVector V_ONE = FloatVector.broadcast(FLOATS, 1f);
    private static final FloatVector V_C2 = FloatVector.broadcast(FLOATS, C2);
    private static final FloatVector V_C3 = FloatVector.broadcast(FLOATS, C3);
    private static final FloatVector V_C4 = FloatVector.broadcast(FLOATS, C4);
    private static final FloatVector V_C5 = FloatVector.broadcast(FLOATS, C5);
    private static final FloatVector V_C6 = FloatVector.broadcast(FLOATS, C6);
    private static final IntVector EXPONENT_BIAS = IntVector.broadcast(FLOATS.withLanes(int.class), 127);

    private VectorMath() {
    }

    /** {@code e^x} lane by lane, bit for bit equal to {@link #exp(float)}. */
    static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(V_EXP_LOW).min(V_EXP_HIGH);
        FloatVector n = v.fma(V_LOG2E, V_ROUNDER).sub(V_ROUNDER);
        FloatVector r = n.fma(V_MINUS_LN2_HIGH, v);
        r = n.fma(V_MINUS_LN2_LOW, r);
        FloatVector p = r.fma(V_C6, V_C5);
        p = p.fma(r, V_C4);
        p = p.fma(r, V_C3);
        p = p.fma(r, V_C2);
        p = p.fma(r, V_ONE);
        p = p.fma(r, V_ONE);
        IntVector exponent = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 23);
        return p.mul(exponent.reinterpretAsFloats());
    }

    /** {@code e^x} within 2^−21 relative for {@code x} in [−87.3, 88.3]; clamped to that range outside it. */
    static float exp(float x) {
        float v = Math.min(Math.max(x, EXP_LOW), EXP_HIGH);
        float n = Math.fma(v, LOG2E, ROUNDER) - ROUNDER;
        float r = Math.fma(n, -LN2_HIGH, v);
        r = Math.fma(n, -LN2_LOW, r);
        float p = Math.fma(r, C6, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
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
     * {@code out[i] = gate[i] / (1 + e^−gate[i]) · up[i]}, {@code offset ≤ i < offset + n}, with
     * {@link #exp(FloatVector)}: the Vector API's own {@code EXP} gives different bits interpreted and
     * compiled, which would make a seeded generation depend on JIT timing.
     */
    static void siluMul(float[] gate, float[] up, float[] out, int offset, int n) {
        int end = offset + n;
        int i = offset;
        for (; i + L <= end; i += L) {
            FloatVector g = FloatVector.fromArray(FLOATS, gate, i);
            g.div(exp(g.neg()).add(V_ONE)).mul(FloatVector.fromArray(FLOATS, up, i)).intoArray(out, i);
        }
        for (; i < end; i++) {
            float g = gate[i];
            out[i] = g / (exp(-g) + 1) * up[i];
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
        // exp rather than the Vector API's EXP for the same reason as in siluMul.
        FloatVector shift = FloatVector.broadcast(FLOATS, max);
        for (i = offset; i + L <= end; i += L) {
            exp(FloatVector.fromArray(FLOATS, v, i).sub(shift)).intoArray(v, i);
        }
        for (; i < end; i++) {
            v[i] = exp(v[i] - max);
        }
        float sum = 0;
        for (i = offset; i < end; i++) {
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
