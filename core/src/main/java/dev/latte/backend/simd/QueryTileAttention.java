package dev.latte.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two products of absorbed MLA attention for a tile of {@value #TILE} query rows of one head,
 * so that each cache row loaded from memory serves four queries: the scores
 * {@code s[q][j] = ⟨query_q, key_j⟩} and the latent sums {@code u_q = Σ_j a[q][j] · c_KV,j}.
 * Queries and keys are rows of {@code width} floats; the latent part of a key is its first
 * {@code rank} floats.
 */
final class QueryTileAttention {
    static final int TILE = 4;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int L = FLOATS.length();

    private QueryTileAttention() {
    }

    /**
     * {@code scores[q·stride + j] = ⟨queries[(first + q)·width ..], keys[j·width ..]⟩} for
     * {@code q < TILE}, {@code j < keyCount}. Every query row of the tile must exist.
     */
    static void scores(float[] queries, int first, float[] keys, int keyCount, int width, float[] scores, int stride) {
        int q0 = first * width;
        int q1 = q0 + width;
        int q2 = q1 + width;
        int q3 = q2 + width;
        int vectorWidth = width - width % L;
        for (int j = 0; j < keyCount; j++) {
            int k = j * width;
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector a1 = FloatVector.zero(FLOATS);
            FloatVector a2 = FloatVector.zero(FLOATS);
            FloatVector a3 = FloatVector.zero(FLOATS);
            for (int c = 0; c < vectorWidth; c += L) {
                FloatVector key = FloatVector.fromArray(FLOATS, keys, k + c);
                a0 = FloatVector.fromArray(FLOATS, queries, q0 + c).fma(key, a0);
                a1 = FloatVector.fromArray(FLOATS, queries, q1 + c).fma(key, a1);
                a2 = FloatVector.fromArray(FLOATS, queries, q2 + c).fma(key, a2);
                a3 = FloatVector.fromArray(FLOATS, queries, q3 + c).fma(key, a3);
            }
            float s0 = a0.reduceLanes(VectorOperators.ADD);
            float s1 = a1.reduceLanes(VectorOperators.ADD);
            float s2 = a2.reduceLanes(VectorOperators.ADD);
            float s3 = a3.reduceLanes(VectorOperators.ADD);
            for (int c = vectorWidth; c < width; c++) {
                float key = keys[k + c];
                s0 += queries[q0 + c] * key;
                s1 += queries[q1 + c] * key;
                s2 += queries[q2 + c] * key;
                s3 += queries[q3 + c] * key;
            }
            scores[j] = s0;
            scores[stride + j] = s1;
            scores[2 * stride + j] = s2;
            scores[3 * stride + j] = s3;
        }
    }

    /**
     * {@code out[(first + q)·rank + c] = Σ_j weights[q·stride + j] · keys[j·width + c]} for
     * {@code q < TILE}, {@code j < keyCount}, {@code c < rank}, overwriting {@code out}.
     */
    static void latentSums(float[] weights, int stride, float[] keys, int keyCount, int width, int rank, float[] out, int first) {
        int o0 = first * rank;
        int o1 = o0 + rank;
        int o2 = o1 + rank;
        int o3 = o2 + rank;
        int c = 0;
        for (; c + 2 * L <= rank; c += 2 * L) {
            FloatVector a0 = FloatVector.zero(FLOATS), b0 = FloatVector.zero(FLOATS);
            FloatVector a1 = FloatVector.zero(FLOATS), b1 = FloatVector.zero(FLOATS);
            FloatVector a2 = FloatVector.zero(FLOATS), b2 = FloatVector.zero(FLOATS);
            FloatVector a3 = FloatVector.zero(FLOATS), b3 = FloatVector.zero(FLOATS);
            for (int j = 0; j < keyCount; j++) {
                int k = j * width + c;
                FloatVector low = FloatVector.fromArray(FLOATS, keys, k);
                FloatVector high = FloatVector.fromArray(FLOATS, keys, k + L);
                FloatVector w = FloatVector.broadcast(FLOATS, weights[j]);
                a0 = low.fma(w, a0);
                b0 = high.fma(w, b0);
                w = FloatVector.broadcast(FLOATS, weights[stride + j]);
                a1 = low.fma(w, a1);
                b1 = high.fma(w, b1);
                w = FloatVector.broadcast(FLOATS, weights[2 * stride + j]);
                a2 = low.fma(w, a2);
                b2 = high.fma(w, b2);
                w = FloatVector.broadcast(FLOATS, weights[3 * stride + j]);
                a3 = low.fma(w, a3);
                b3 = high.fma(w, b3);
            }
            a0.intoArray(out, o0 + c);
            b0.intoArray(out, o0 + c + L);
            a1.intoArray(out, o1 + c);
            b1.intoArray(out, o1 + c + L);
            a2.intoArray(out, o2 + c);
            b2.intoArray(out, o2 + c + L);
            a3.intoArray(out, o3 + c);
            b3.intoArray(out, o3 + c + L);
        }
        for (; c < rank; c++) {
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            for (int j = 0; j < keyCount; j++) {
                float key = keys[j * width + c];
                s0 += weights[j] * key;
                s1 += weights[stride + j] * key;
                s2 += weights[2 * stride + j] * key;
                s3 += weights[3 * stride + j] * key;
            }
            out[o0 + c] = s0;
            out[o1 + c] = s1;
            out[o2 + c] = s2;
            out[o3 + c] = s3;
        }
    }
}
