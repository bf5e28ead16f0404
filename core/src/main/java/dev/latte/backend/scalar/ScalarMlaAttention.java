package dev.latte.backend.scalar;

import dev.latte.backend.AttentionShape;
import dev.latte.backend.OperandChecks;
import dev.latte.model.WeightTensor;
import java.util.Arrays;

/**
 * Weight-absorbed MLA (spec §4.3) over a heap latent cache, one head at a time: absorb
 * {@code W_UK} into the queries, attend over the latents, expand the result with {@code W_UV}.
 */
final class ScalarMlaAttention {
    private final AttentionShape shape;
    private final WeightTensor kvUp;
    private final ScalarLatentCache cache;

    /** {@code kvUp} and {@code cache} already match {@code shape} ({@link OperandChecks#requireAttentionOperands}). */
    ScalarMlaAttention(AttentionShape shape, WeightTensor kvUp, ScalarLatentCache cache) {
        this.shape = shape;
        this.kvUp = kvUp;
        this.cache = cache;
    }

    /**
     * @param query {@code [tokens × heads·(nopeDim+ropeDim)]}
     * @param out   {@code [tokens × heads·valueDim]}
     */
    void run(float[] query, int tokens, int startPosition, float[] out) {
        if (startPosition + tokens > cache.capacity) {
            throw new IllegalArgumentException("positions up to " + (startPosition + tokens) + " exceed the cache of " + cache.capacity);
        }
        int rank = shape.latentRank();
        int ropeDim = shape.ropeDim();
        int queryCols = shape.queryCols();
        int keys = startPosition + tokens;
        float[] absorbed = new float[tokens * rank];
        float[] mixed = new float[tokens * rank];
        float[] scores = new float[keys];
        float[] weightRow = new float[rank];
        for (int h = 0; h < shape.heads(); h++) {
            int headRow = h * (shape.nopeDim() + shape.valueDim());
            int queryOffset = h * shape.queryHeadDim();
            Arrays.fill(absorbed, 0f);
            for (int d = 0; d < shape.nopeDim(); d++) {
                kvUp.decodeRow(headRow + d, weightRow, 0);
                for (int t = 0; t < tokens; t++) {
                    float q = query[t * queryCols + queryOffset + d];
                    for (int c = 0; c < rank; c++) {
                        absorbed[t * rank + c] += q * weightRow[c];
                    }
                }
            }
            Arrays.fill(mixed, 0f);
            for (int t = 0; t < tokens; t++) {
                int visible = startPosition + t + 1;
                int ropeOffset = t * queryCols + queryOffset + shape.nopeDim();
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < visible; j++) {
                    float s = ScalarBackend.dot(absorbed, t * rank, cache.latent, j * rank, rank)
                            + ScalarBackend.dot(query, ropeOffset, cache.ropeKey, j * ropeDim, ropeDim);
                    scores[j] = s * shape.softmaxScale();
                    max = Math.max(max, scores[j]);
                }
                float sum = 0;
                for (int j = 0; j < visible; j++) {
                    scores[j] = (float) Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j < visible; j++) {
                    float a = scores[j] / sum;
                    for (int c = 0; c < rank; c++) {
                        mixed[t * rank + c] += a * cache.latent[j * rank + c];
                    }
                }
            }
            for (int v = 0; v < shape.valueDim(); v++) {
                kvUp.decodeRow(headRow + shape.nopeDim() + v, weightRow, 0);
                for (int t = 0; t < tokens; t++) {
                    out[t * shape.outputCols() + h * shape.valueDim() + v] = ScalarBackend.dot(mixed, t * rank, weightRow, 0, rank);
                }
            }
        }
    }
}
