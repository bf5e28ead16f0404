package dev.latte.nn;

import dev.latte.backend.Activations;
import dev.latte.backend.AttentionShape;
import dev.latte.backend.Backend;
import dev.latte.backend.LatentCache;
import dev.latte.backend.RopeFrequencies;
import dev.latte.backend.Weight;
import dev.latte.model.WeightTensor;

/**
 * Multi-head Latent Attention of one layer (spec §4) for a chunk of {@code T} tokens at positions
 * {@code P..P+T−1}:
 * <pre>
 * q      = q_b_proj · RMSNorm(q_a_proj · x)   (or q_proj · x without query compression)
 * kv_a   = kv_a_proj_with_mqa · x
 * c_KV   = RMSNorm(kv_a[0 : r_kv]; kv_a_layernorm)          → cache
 * k_pe   = RoPE(kv_a[r_kv : r_kv + d_r])                      → cache
 * q_pe   = RoPE(q[h][d_n : d_n + d_r]) for every head h
 * out    = o_proj · attention(q, cache)                       (absorbed or naive form)
 * </pre>
 * The MLA-internal norms use eps 1e-6 whatever {@code rms_norm_eps} says (spec §2.1).
 */
final class MultiHeadLatentAttention {
    private static final float INNER_NORM_EPS = 1e-6f;

    /** {@code q_a_proj} {@code [r_q, D]}, or {@code null} without query compression. */
    private final Weight queryDown;
    /** {@code q_a_layernorm} {@code [r_q]}, or {@code null}. */
    private final Weight queryNorm;
    /** {@code q_b_proj} {@code [H·d_qk, r_q]} or {@code q_proj} {@code [H·d_qk, D]}. */
    private final Weight queryUp;
    /** {@code kv_a_proj_with_mqa} {@code [r_kv + d_r, D]}. */
    private final Weight kvDown;
    /** {@code kv_a_layernorm} {@code [r_kv]}. */
    private final Weight kvNorm;
    /** {@code kv_b_proj} {@code [H·(d_n + d_v), r_kv]}: per head {@code W_UK} then {@code W_UV}. */
    private final Weight kvUp;
    /** The stored {@code kv_b_proj}, for the naive form on the host. */
    private final WeightTensor kvUpStored;
    /** {@code o_proj} {@code [D, H·d_v]}. */
    private final Weight output;
    private final AttentionShape shape;
    private final RopeFrequencies rope;

    MultiHeadLatentAttention(Weight queryDown, Weight queryNorm, Weight queryUp, Weight kvDown, Weight kvNorm,
                             Weight kvUp, WeightTensor kvUpStored, Weight output, AttentionShape shape,
                             RopeFrequencies rope) {
        this.queryDown = queryDown;
        this.queryNorm = queryNorm;
        this.queryUp = queryUp;
        this.kvDown = kvDown;
        this.kvNorm = kvNorm;
        this.kvUp = kvUp;
        this.kvUpStored = kvUpStored;
        this.output = output;
        this.shape = shape;
        this.rope = rope;
    }

    /** Appends the chunk's latents to {@code cache} and writes the attention output {@code [T, D]} to {@code out}. */
    void forward(Backend backend, Activations x, LatentCache cache, int startPosition, AttentionForm form, Activations out) {
        int tokens = x.rows();
        try (Activations query = backend.allocate(tokens, shape.queryCols());
             Activations kvA = backend.allocate(tokens, kvDown.rows());
             Activations latent = backend.allocate(tokens, shape.latentRank());
             Activations ropeKey = backend.allocate(tokens, shape.ropeDim());
             Activations heads = backend.allocate(tokens, shape.outputCols())) {
            project(backend, x, query);
            backend.rope(query, shape.nopeDim(), shape.queryHeadDim(), shape.heads(), rope, startPosition);

            backend.matmul(x, kvDown, kvA);
            backend.copy(kvA, 0, 0, latent, 0, 0, tokens, shape.latentRank());
            backend.copy(kvA, 0, shape.latentRank(), ropeKey, 0, 0, tokens, shape.ropeDim());
            backend.rmsNorm(latent, kvNorm, INNER_NORM_EPS, latent);
            backend.rope(ropeKey, 0, 0, 1, rope, startPosition);
            backend.appendLatent(cache, latent, ropeKey, startPosition);

            if (form == AttentionForm.NAIVE) {
                float[] result = NaiveMlaAttention.attend(backend.toHost(query), tokens, startPosition, backend, cache,
                        kvUpStored, shape);
                backend.fromHost(result, heads);
            } else {
                backend.mlaAttention(query, kvUp, cache, startPosition, shape, heads);
            }
            backend.matmul(heads, output, out);
        }
    }

    private void project(Backend backend, Activations x, Activations query) {
        if (queryDown == null) {
            backend.matmul(x, queryUp, query);
            return;
        }
        try (Activations compressed = backend.allocate(x.rows(), queryDown.rows())) {
            backend.matmul(x, queryDown, compressed);
            backend.rmsNorm(compressed, queryNorm, INNER_NORM_EPS, compressed);
            backend.matmul(compressed, queryUp, query);
        }
    }
}
