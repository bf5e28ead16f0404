package dev.latte.backend.simd;

import dev.latte.backend.Activations;
import dev.latte.backend.AttentionShape;
import dev.latte.backend.Backend;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.LatentCache;
import dev.latte.backend.OperandChecks;
import dev.latte.backend.RopeFrequencies;
import dev.latte.backend.Routing;
import dev.latte.backend.Weight;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;
import java.util.List;

/**
 * The CPU backend built on the Vector API ({@code "cpu-simd"}): matrix products decode each weight
 * encoding inside the dot product (see {@link FusedMatrix}) and run on a fixed {@link WorkerPool}
 * split over output rows; MLA attention runs in parallel over (token, head) pairs; the elementwise
 * ops are vectorized loops. Weights are read in place in the mapped checkpoint; activations and
 * latent caches live on the heap.
 *
 * <p>Create it through {@link SimdBackendProvider}, which checks that the Vector API module is
 * loaded. Operations are called from one thread at a time (the thread that runs the model).
 */
public final class SimdBackend implements Backend {
    /** The name under which the backend is chosen. */
    public static final String NAME = "cpu-simd";

    private final WorkerPool pool;
    private final FusedMatmul matmul;
    private final SimdMlaAttention attention;
    private final SimdRoutedExperts routedExperts;
    private float[] cos = new float[0];
    private float[] sin = new float[0];

    /** A backend running on {@code threads} threads, the calling thread included. */
    public SimdBackend(int threads) {
        this.pool = new WorkerPool(threads);
        this.matmul = new FusedMatmul(pool);
        this.attention = new SimdMlaAttention(pool);
        this.routedExperts = new SimdRoutedExperts(pool);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Threads that run the kernels, the calling thread included. */
    public int threads() {
        return pool.threads();
    }

    @Override
    public boolean supports(WeightEncoding encoding) {
        return true;
    }

    @Override
    public Weight upload(WeightTensor stored) {
        return new SimdWeight(stored);
    }

    @Override
    public Activations allocate(int rows, int cols) {
        return new SimdActivations(rows, cols);
    }

    @Override
    public LatentCache allocateLatentCache(int capacity, int latentRank, int ropeDim) {
        return new SimdLatentCache(capacity, latentRank, ropeDim);
    }

    @Override
    public void embed(int[] tokens, Weight table, Activations out) {
        SimdWeight t = weight(table);
        SimdActivations o = checked(out, tokens.length, t.cols());
        OperandChecks.requireTokenIds(tokens, t);
        for (int i = 0; i < tokens.length; i++) {
            t.stored.decodeRow(tokens[i], o.data, i * o.cols);
        }
    }

    @Override
    public void copy(Activations src, int srcRow, int srcCol, Activations dst, int dstRow, int dstCol, int rows, int cols) {
        SimdActivations s = activations(src);
        SimdActivations d = activations(dst);
        if (srcRow < 0 || srcCol < 0 || dstRow < 0 || dstCol < 0 || srcRow + rows > s.rows || srcCol + cols > s.cols
                || dstRow + rows > d.rows || dstCol + cols > d.cols) {
            throw new IllegalArgumentException("copy of " + rows + " × " + cols + " runs outside [" + s.rows + ", " + s.cols
                    + "] or [" + d.rows + ", " + d.cols + "]");
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(s.data, (srcRow + r) * s.cols + srcCol, d.data, (dstRow + r) * d.cols + dstCol, cols);
        }
    }

    @Override
    public void rmsNorm(Activations x, Weight weight, float eps, Activations out) {
        SimdActivations in = activations(x);
        SimdActivations o = checked(out, in.rows, in.cols);
        float[] w = vector(weight, in.cols);
        for (int t = 0; t < in.rows; t++) {
            VectorMath.rmsNorm(in.data, t * in.cols, w, eps, o.data, t * in.cols, in.cols);
        }
    }

    @Override
    public void matmul(Activations x, Weight w, Activations out) {
        SimdActivations in = activations(x);
        SimdWeight weight = weight(w);
        if (in.cols != weight.cols()) {
            throw new IllegalArgumentException(weight.name() + " [" + weight.rows() + ", " + weight.cols()
                    + "] cannot multiply activations of " + in.cols + " columns");
        }
        SimdActivations o = checked(out, in.rows, weight.rows());
        matmul.multiply(weight.matrix, in.data, in.rows, o.data);
    }

    @Override
    public void siluMul(Activations gate, Activations up, Activations out) {
        SimdActivations g = activations(gate);
        SimdActivations u = checked(up, g.rows, g.cols);
        SimdActivations o = checked(out, g.rows, g.cols);
        VectorMath.siluMul(g.data, u.data, o.data, g.data.length);
    }

    @Override
    public void add(Activations x, Activations delta) {
        SimdActivations a = activations(x);
        SimdActivations d = checked(delta, a.rows, a.cols);
        VectorMath.add(a.data, d.data, a.data.length);
    }

    @Override
    public void rope(Activations x, int firstCol, int colStride, int count, RopeFrequencies frequencies, int startPosition) {
        SimdActivations a = activations(x);
        int pairs = frequencies.inverseFrequencies().length;
        if (firstCol < 0 || count < 1 || firstCol + (count - 1) * colStride + 2 * pairs > a.cols) {
            throw new IllegalArgumentException("rope slices run past the " + a.cols + " columns");
        }
        if (cos.length < pairs) {
            cos = new float[pairs];
            sin = new float[pairs];
        }
        for (int t = 0; t < a.rows; t++) {
            for (int i = 0; i < pairs; i++) {
                float angle = frequencies.angle(startPosition + t, i);
                cos[i] = (float) Math.cos(angle);
                sin[i] = (float) Math.sin(angle);
            }
            for (int j = 0; j < count; j++) {
                int base = t * a.cols + firstCol + j * colStride;
                for (int i = 0; i < pairs; i++) {
                    float even = a.data[base + 2 * i];
                    float odd = a.data[base + 2 * i + 1];
                    a.data[base + 2 * i] = even * cos[i] - odd * sin[i];
                    a.data[base + 2 * i + 1] = even * sin[i] + odd * cos[i];
                }
            }
        }
    }

    @Override
    public void appendLatent(LatentCache cache, Activations latent, Activations ropeKey, int startPosition) {
        SimdLatentCache c = cache(cache);
        SimdActivations l = activations(latent);
        SimdActivations k = checked(ropeKey, l.rows, c.ropeDim);
        checked(latent, l.rows, c.latentRank);
        if (startPosition < 0 || startPosition + l.rows > c.capacity) {
            throw new IllegalArgumentException("positions " + startPosition + ".." + (startPosition + l.rows - 1)
                    + " are outside the cache of " + c.capacity);
        }
        for (int t = 0; t < l.rows; t++) {
            int row = (startPosition + t) * c.width();
            System.arraycopy(l.data, t * c.latentRank, c.rows, row, c.latentRank);
            System.arraycopy(k.data, t * c.ropeDim, c.rows, row + c.latentRank, c.ropeDim);
        }
    }

    @Override
    public void readLatent(LatentCache cache, int position, float[] latent, float[] ropeKey) {
        SimdLatentCache c = cache(cache);
        if (position < 0 || position >= c.capacity) {
            throw new IllegalArgumentException("position " + position + " is outside the cache of " + c.capacity);
        }
        System.arraycopy(c.rows, position * c.width(), latent, 0, c.latentRank);
        System.arraycopy(c.rows, position * c.width() + c.latentRank, ropeKey, 0, c.ropeDim);
    }

    @Override
    public void mlaAttention(Activations query, Weight kvUp, LatentCache cache, int startPosition, AttentionShape shape,
                             Activations out) {
        SimdActivations q = activations(query);
        checked(query, q.rows, shape.queryCols());
        SimdActivations o = checked(out, q.rows, shape.outputCols());
        attention.run(q.data, q.rows, weight(kvUp), cache(cache), startPosition, shape, o.data);
    }

    @Override
    public void routedExperts(Activations x, List<ExpertWeights> experts, Routing routing, Activations out) {
        routedExperts.run(activations(x), experts, routing, activations(out));
    }

    @Override
    public void mlp(Activations x, Weight gate, Weight up, Weight down, Activations out) {
        OperandChecks.requireMlpOperands(x, gate, up, down, out);
        routedExperts.runMlp(activations(x), weight(gate).matrix, weight(up).matrix, weight(down).matrix, activations(out));
    }

    @Override
    public float[] toHost(Activations a) {
        return activations(a).data.clone();
    }

    @Override
    public void fromHost(float[] values, Activations a) {
        SimdActivations s = activations(a);
        OperandChecks.requireHostValues(values, s);
        System.arraycopy(values, 0, s.data, 0, values.length);
    }

    @Override
    public void close() {
        pool.close();
    }

    private static float[] vector(Weight weight, int cols) {
        SimdWeight w = weight(weight);
        if (w.vector == null || w.cols() != cols) {
            throw new IllegalArgumentException(w.name() + " [" + w.rows() + ", " + w.cols() + "] is not a vector of " + cols);
        }
        return w.vector;
    }

    private static SimdWeight weight(Weight weight) {
        if (weight instanceof SimdWeight w) {
            return w;
        }
        throw new IllegalArgumentException(weight.name() + " was not uploaded to the cpu-simd backend");
    }

    private static SimdActivations activations(Activations a) {
        if (a instanceof SimdActivations s) {
            return s;
        }
        throw new IllegalArgumentException("activations were not allocated by the cpu-simd backend");
    }

    private static SimdActivations checked(Activations a, int rows, int cols) {
        SimdActivations s = activations(a);
        OperandChecks.requireShape(s, rows, cols, "activations");
        return s;
    }

    private static SimdLatentCache cache(LatentCache cache) {
        if (cache instanceof SimdLatentCache c) {
            return c;
        }
        throw new IllegalArgumentException("latent cache was not allocated by the cpu-simd backend");
    }
}
