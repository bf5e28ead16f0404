package dev.latte.nn;

import dev.latte.backend.AttentionShape;
import dev.latte.backend.Backend;
import dev.latte.backend.LatentCache;
import dev.latte.model.WeightTensor;

/**
 * MLA in its decompressed form (spec §4.2), on the host: keys {@code [W_UK^h c_j ; k_pe_j]} and
 * values {@code W_UV^h c_j} are rebuilt from the latent cache for every visible position, then
 * ordinary causal attention runs per head. Slow (it reads the whole cache back) and kept as the
 * independent form that the absorbed one is checked against.
 */
final class NaiveMlaAttention {
    private NaiveMlaAttention() {
    }

    /**
     * @param query  {@code [tokens × heads·(nopeDim+ropeDim)]}, q_pe rotated
     * @param kvUp   {@code kv_b_proj} as stored
     * @return {@code [tokens × heads·valueDim]}
     */
    static float[] attend(float[] query, int tokens, int startPosition, Backend backend, LatentCache cache,
                          WeightTensor kvUp, AttentionShape shape) {
        int positions = startPosition + tokens;
        int headRows = shape.nopeDim() + shape.valueDim();
        float[] upProjection = kvUp.decodeAll();
        float[] keys = new float[positions * shape.heads() * headRows];
        float[] ropeKeys = new float[positions * shape.ropeDim()];
        float[] latent = new float[shape.latentRank()];
        float[] ropeKey = new float[shape.ropeDim()];
        for (int j = 0; j < positions; j++) {
            backend.readLatent(cache, j, latent, ropeKey);
            System.arraycopy(ropeKey, 0, ropeKeys, j * shape.ropeDim(), shape.ropeDim());
            for (int row = 0; row < shape.heads() * headRows; row++) {
                double sum = 0;
                for (int c = 0; c < shape.latentRank(); c++) {
                    sum += (double) upProjection[row * shape.latentRank() + c] * latent[c];
                }
                keys[(j * shape.heads() * headRows) + row] = (float) sum;
            }
        }
        float[] out = new float[tokens * shape.outputCols()];
        double[] scores = new double[positions];
        for (int t = 0; t < tokens; t++) {
            for (int h = 0; h < shape.heads(); h++) {
                int q = t * shape.queryCols() + h * shape.queryHeadDim();
                int visible = startPosition + t + 1;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < visible; j++) {
                    int k = j * shape.heads() * headRows + h * headRows;
                    double s = 0;
                    for (int d = 0; d < shape.nopeDim(); d++) {
                        s += (double) query[q + d] * keys[k + d];
                    }
                    for (int d = 0; d < shape.ropeDim(); d++) {
                        s += (double) query[q + shape.nopeDim() + d] * ropeKeys[j * shape.ropeDim() + d];
                    }
                    scores[j] = s * shape.softmaxScale();
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < visible; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int v = 0; v < shape.valueDim(); v++) {
                    double o = 0;
                    for (int j = 0; j < visible; j++) {
                        o += scores[j] / sum * keys[j * shape.heads() * headRows + h * headRows + shape.nopeDim() + v];
                    }
                    out[t * shape.outputCols() + h * shape.valueDim() + v] = (float) o;
                }
            }
        }
        return out;
    }
}
