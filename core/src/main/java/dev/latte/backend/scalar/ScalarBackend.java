package dev.latte.backend.scalar;

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
import java.util.Arrays;
import java.util.List;

/**
 * The reference backend: every operation of {@link Backend} in plain single-threaded Java over
 * heap arrays, weights decoded row by row from the mapped file with {@link WeightTensor#decodeRow}.
 * It is the definition the fast backends are tested against, so it favours the obvious loop over
 * the fast one; each weight row is still decoded only once per operation.
 */
public final class ScalarBackend implements Backend {
    static final String NAME = "scalar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(WeightEncoding encoding) {
        return true;
    }

    @Override
    public Weight upload(WeightTensor stored) {
        return new ScalarWeight(stored);
    }

    @Override
    public Activations allocate(int rows, int cols) {
        return new ScalarActivations(rows, cols);
    }

    @Override
    public LatentCache allocateLatentCache(int capacity, int latentRank, int ropeDim) {
        return new ScalarLatentCache(capacity, latentRank, ropeDim);
    }

    @Override
    public void embed(int[] tokens, Weight table, Activations out) {
        ScalarActivations o = checked(out, tokens.length, table.cols());
        OperandChecks.requireTokenIds(tokens, table);
        WeightTensor stored = stored(table);
        for (int t = 0; t < tokens.length; t++) {
            stored.decodeRow(tokens[t], o.data, t * o.cols);
        }
    }

    @Override
    public void copy(Activations src, int srcRow, int srcCol, Activations dst, int dstRow, int dstCol, int rows, int cols) {
        ScalarActivations s = (ScalarActivations) src;
        ScalarActivations d = (ScalarActivations) dst;
        if (srcRow < 0 || srcCol < 0 || dstRow < 0 || dstCol < 0 || srcRow + rows > s.rows || srcCol + cols > s.cols
                || dstRow + rows > d.rows || dstCol + cols > d.cols) {
            throw new IllegalArgumentException("copy block " + rows + " × " + cols + " does not fit its source or destination");
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(s.data, (srcRow + r) * s.cols + srcCol, d.data, (dstRow + r) * d.cols + dstCol, cols);
        }
    }

    @Override
    public void rmsNorm(Activations x, Weight weight, float eps, Activations out) {
        ScalarActivations in = (ScalarActivations) x;
        ScalarActivations o = checked(out, in.rows, in.cols);
        float[] w = decodeVector(weight, in.cols);
        for (int t = 0; t < in.rows; t++) {
            int base = t * in.cols;
            double sumOfSquares = 0;
            for (int i = 0; i < in.cols; i++) {
                sumOfSquares += in.data[base + i] * in.data[base + i];
            }
            float inverseRms = (float) (1.0 / Math.sqrt((float) (sumOfSquares / in.cols) + eps));
            for (int i = 0; i < in.cols; i++) {
                o.data[base + i] = w[i] * (in.data[base + i] * inverseRms);
            }
        }
    }

    @Override
    public void matmul(Activations x, Weight w, Activations out) {
        ScalarActivations in = checked(x, x.rows(), w.cols());
        ScalarActivations o = checked(out, x.rows(), w.rows());
        multiply(in.data, in.rows, stored(w), o.data);
    }

    @Override
    public void siluMul(Activations gate, Activations up, Activations out) {
        ScalarActivations g = (ScalarActivations) gate;
        ScalarActivations u = checked(up, g.rows, g.cols);
        ScalarActivations o = checked(out, g.rows, g.cols);
        for (int i = 0; i < g.data.length; i++) {
            o.data[i] = silu(g.data[i]) * u.data[i];
        }
    }

    @Override
    public void add(Activations x, Activations delta) {
        ScalarActivations a = (ScalarActivations) x;
        ScalarActivations d = checked(delta, a.rows, a.cols);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] += d.data[i];
        }
    }

    @Override
    public void rope(Activations x, int firstCol, int colStride, int count, RopeFrequencies frequencies, int startPosition) {
        ScalarActivations a = (ScalarActivations) x;
        int pairs = frequencies.inverseFrequencies().length;
        if (firstCol < 0 || firstCol + (count - 1) * colStride + 2 * pairs > a.cols) {
            throw new IllegalArgumentException("rope slices run past the " + a.cols + " columns");
        }
        for (int t = 0; t < a.rows; t++) {
            for (int i = 0; i < pairs; i++) {
                float angle = frequencies.angle(startPosition + t, i);
                float cos = (float) Math.cos(angle);
                float sin = (float) Math.sin(angle);
                for (int j = 0; j < count; j++) {
                    int at = t * a.cols + firstCol + j * colStride + 2 * i;
                    float even = a.data[at];
                    float odd = a.data[at + 1];
                    a.data[at] = even * cos - odd * sin;
                    a.data[at + 1] = even * sin + odd * cos;
                }
            }
        }
    }

    @Override
    public void appendLatent(LatentCache cache, Activations latent, Activations ropeKey, int startPosition) {
        ScalarLatentCache c = (ScalarLatentCache) cache;
        ScalarActivations l = checked(latent, latent.rows(), c.latentRank);
        ScalarActivations k = checked(ropeKey, l.rows, c.ropeDim);
        if (startPosition < 0 || startPosition + l.rows > c.capacity) {
            throw new IllegalArgumentException("positions " + startPosition + ".." + (startPosition + l.rows - 1)
                    + " are outside the cache of " + c.capacity);
        }
        System.arraycopy(l.data, 0, c.latent, startPosition * c.latentRank, l.data.length);
        System.arraycopy(k.data, 0, c.ropeKey, startPosition * c.ropeDim, k.data.length);
    }

    @Override
    public void readLatent(LatentCache cache, int position, float[] latent, float[] ropeKey) {
        ScalarLatentCache c = (ScalarLatentCache) cache;
        System.arraycopy(c.latent, position * c.latentRank, latent, 0, c.latentRank);
        System.arraycopy(c.ropeKey, position * c.ropeDim, ropeKey, 0, c.ropeDim);
    }

    @Override
    public void mlaAttention(Activations query, Weight kvUp, LatentCache cache, int startPosition, AttentionShape shape,
                             Activations out) {
        OperandChecks.requireAttentionOperands(shape, kvUp, cache);
        new ScalarMlaAttention(shape, stored(kvUp), (ScalarLatentCache) cache)
                .run(checked(query, query.rows(), shape.queryCols()).data, query.rows(), startPosition,
                        checked(out, query.rows(), shape.outputCols()).data);
    }

    @Override
    public void routedExperts(Activations x, List<ExpertWeights> experts, Routing routing, Activations out) {
        ScalarActivations in = (ScalarActivations) x;
        ScalarActivations o = checked(out, in.rows, in.cols);
        Arrays.fill(o.data, 0f);
        int[] tokens = new int[in.rows * routing.topK()];
        float[] weights = new float[tokens.length];
        for (int e = 0; e < experts.size(); e++) {
            int count = 0;
            for (int t = 0; t < routing.tokens(); t++) {
                for (int k = 0; k < routing.topK(); k++) {
                    if (routing.expert(t, k) == e) {
                        tokens[count] = t;
                        weights[count++] = routing.weight(t, k);
                    }
                }
            }
            if (count > 0) {
                runExpert(experts.get(e), in, tokens, weights, count, o);
            }
        }
    }

    @Override
    public float[] toHost(Activations a) {
        return ((ScalarActivations) a).data.clone();
    }

    @Override
    public void fromHost(float[] values, Activations a) {
        ScalarActivations s = (ScalarActivations) a;
        OperandChecks.requireHostValues(values, s);
        System.arraycopy(values, 0, s.data, 0, values.length);
    }

    @Override
    public void close() {
        // nothing held beyond heap memory
    }

    /** {@code out[t][o] = Σ_i x[t][i] · W[o][i]} for {@code rows} rows of {@code x}, each weight row decoded once. */
    static void multiply(float[] x, int rows, WeightTensor w, float[] out) {
        int in = w.cols();
        float[] row = new float[in];
        for (int o = 0; o < w.rows(); o++) {
            w.decodeRow(o, row, 0);
            for (int t = 0; t < rows; t++) {
                out[t * w.rows() + o] = dot(x, t * in, row, 0, in);
            }
        }
    }

    static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float sum = 0;
        for (int i = 0; i < length; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }

    private static void runExpert(ExpertWeights expert, ScalarActivations x, int[] tokens, float[] weights, int count,
                                  ScalarActivations out) {
        int hidden = x.cols;
        float[] gathered = new float[count * hidden];
        for (int i = 0; i < count; i++) {
            System.arraycopy(x.data, tokens[i] * hidden, gathered, i * hidden, hidden);
        }
        int width = expert.gate().rows();
        float[] gate = new float[count * width];
        float[] up = new float[count * width];
        multiply(gathered, count, stored(expert.gate()), gate);
        multiply(gathered, count, stored(expert.up()), up);
        for (int i = 0; i < gate.length; i++) {
            gate[i] = silu(gate[i]) * up[i];
        }
        float[] down = new float[count * hidden];
        multiply(gate, count, stored(expert.down()), down);
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < hidden; c++) {
                out.data[tokens[i] * hidden + c] += weights[i] * down[i * hidden + c];
            }
        }
    }

    private static float silu(float z) {
        return (float) (z / (1 + Math.exp(-z)));
    }

    private static float[] decodeVector(Weight weight, int length) {
        WeightTensor stored = stored(weight);
        if (stored.rows() != 1 || stored.cols() != length) {
            throw new IllegalArgumentException(weight.name() + " is not a vector of " + length);
        }
        float[] values = new float[length];
        stored.decodeRow(0, values, 0);
        return values;
    }

    private static WeightTensor stored(Weight weight) {
        return ((ScalarWeight) weight).stored();
    }

    private static ScalarActivations checked(Activations a, int rows, int cols) {
        OperandChecks.requireShape(a, rows, cols, "activations");
        return (ScalarActivations) a;
    }
}
