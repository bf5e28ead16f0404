package dev.latte.backend;

import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;
import java.util.List;

/**
 * Executes the small, fixed set of operations the DeepSeek block is written in. The model code
 * ({@code dev.latte.nn.Transformer}) never branches on the backend; a backend owns its memory
 * and threads, and {@link #close()} gives them back.
 *
 * <p>Conventions: activations are float32 matrices, one row per token; a linear layer's weight is
 * {@code [out, in]} and computes {@code y = x · Wᵀ}; weights stay in their stored encoding and are
 * decoded inside the operation. Operations may run asynchronously but take effect in call order:
 * {@link #toHost} and {@link #readLatent} observe every operation called before them, and closing
 * an {@link Activations} never disturbs an operation already called on it. Where an operation reads and writes the same
 * {@link Activations} it says so; otherwise inputs and outputs must be distinct objects.
 * Routing (router scores → expert ids and weights) runs on the host, not here.
 *
 * <p>{@code dev.latte.backend.scalar.ScalarBackend} is the reference: the definition of every
 * operation in plain Java, and the oracle the fast backends are compared with.
 */
public interface Backend extends AutoCloseable {

    /** A short name: {@code "scalar"}, {@code "cpu-simd"}, {@code "cuda"}. */
    String name();

    /** Whether {@link #upload} and the operations accept weights of {@code encoding}; asked at load time. */
    boolean supports(WeightEncoding encoding);

    /**
     * Makes a stored weight usable by this backend. CPU backends keep a view of the mapped file
     * (no copy); device backends copy it to device memory, still encoded.
     *
     * @throws UnsupportedOperationException where {@link #supports} is false for its encoding
     */
    Weight upload(WeightTensor stored);

    /** A new {@code [rows, cols]} float32 matrix, contents unspecified. */
    Activations allocate(int rows, int cols);

    /** A new latent KV cache for one layer, holding up to {@code capacity} positions. */
    LatentCache allocateLatentCache(int capacity, int latentRank, int ropeDim);

    /** {@code out[t] = table[tokens[t]]}: embedding rows, decoded. {@code out} is {@code [tokens.length, table.cols()]}. */
    void embed(int[] tokens, Weight table, Activations out);

    /**
     * Copies the block of {@code rows × cols} starting at ({@code srcRow}, {@code srcCol}) of
     * {@code src} to ({@code dstRow}, {@code dstCol}) of {@code dst}: column slices (splitting
     * {@code kv_a} into latent and rope key) and row selection (the last position's hidden state).
     */
    void copy(Activations src, int srcRow, int srcCol, Activations dst, int dstRow, int dstCol, int rows, int cols);

    /**
     * RMSNorm of every row: {@code out[t][i] = weight[i] · x[t][i] / sqrt(mean_j x[t][j]² + eps)},
     * statistics in float32. {@code weight} is one row of {@code x.cols()}; {@code out} may be {@code x}.
     */
    void rmsNorm(Activations x, Weight weight, float eps, Activations out);

    /**
     * {@code out = x · Wᵀ}: {@code x [T, in]}, {@code w [out, in]} in any supported encoding,
     * {@code out [T, out]}, float32 accumulation.
     */
    void matmul(Activations x, Weight w, Activations out);

    /** {@code out = SiLU(gate) ⊙ up}, elementwise, {@code SiLU(z) = z / (1 + e^−z)}; {@code out} may be {@code gate}. */
    void siluMul(Activations gate, Activations up, Activations out);

    /** {@code x += delta}, elementwise (the residual connection). */
    void add(Activations x, Activations delta);

    /**
     * Rotates, in place, the interleaved pairs {@code (v[2i], v[2i+1])} of {@code count} slices of
     * {@code frequencies.ropeDim()} columns in every row: slice {@code j} starts at column
     * {@code firstCol + j·colStride}. Row {@code t} is position {@code startPosition + t}:
     * {@code v'[2i] = v[2i]·cos θ − v[2i+1]·sin θ}, {@code v'[2i+1] = v[2i]·sin θ + v[2i+1]·cos θ},
     * {@code θ = frequencies.angle(startPosition + t, i)}. For the query, {@code count} is the number
     * of heads; for the shared rope key it is 1.
     */
    void rope(Activations x, int firstCol, int colStride, int count, RopeFrequencies frequencies, int startPosition);

    /**
     * Stores the chunk's latents ({@code [T, latentRank]}, after {@code kv_a_layernorm}) and rotated
     * rope keys ({@code [T, ropeDim]}) at positions {@code startPosition .. startPosition+T−1}.
     */
    void appendLatent(LatentCache cache, Activations latent, Activations ropeKey, int startPosition);

    /**
     * Reads back position {@code position} of the cache into {@code latent} ({@code latentRank}
     * floats) and {@code ropeKey} ({@code ropeDim} floats). For tests and the naive attention form.
     */
    void readLatent(LatentCache cache, int position, float[] latent, float[] ropeKey);

    /**
     * MLA in its weight-absorbed form (spec §4.3) for the {@code T} query rows at positions
     * {@code startPosition ..}, over cache positions {@code 0 .. startPosition+t} for row {@code t}
     * (causal; the chunk's own latents must have been appended). Per head {@code h}:
     * {@code q̃ = W_UKᵀ q_nope}, {@code s_j = scale · (⟨q̃, c_KV,j⟩ + ⟨q_pe, k_pe,j⟩)}, softmax over
     * {@code j} (max-subtracted, float32), {@code u = Σ_j a_j c_KV,j}, {@code o_h = W_UV u}.
     *
     * @param query  {@code [T, shape.queryCols()]}
     * @param kvUp   {@code kv_b_proj} {@code [heads·(nopeDim+valueDim), latentRank]}
     * @param out    {@code [T, shape.outputCols()]}: the heads' outputs concatenated, before {@code o_proj}
     */
    void mlaAttention(Activations query, Weight kvUp, LatentCache cache, int startPosition, AttentionShape shape,
                      Activations out);

    /**
     * A SwiGLU MLP (a dense layer's MLP, the shared experts of an MoE layer):
     * {@code out = down · (SiLU(gate · x) ⊙ (up · x))}, float32 accumulation. The default runs it as
     * three {@link #matmul}s and a {@link #siluMul} over scratch it allocates; a backend overrides it
     * to run the products without the intermediate round trips.
     *
     * @param x    {@code [T, D]}
     * @param gate {@code [I, D]}
     * @param up   {@code [I, D]}
     * @param down {@code [D, I]}
     * @param out  {@code [T, D]}
     * @throws IllegalArgumentException where the shapes do not fit together
     */
    default void mlp(Activations x, Weight gate, Weight up, Weight down, Activations out) {
        OperandChecks.requireMlpOperands(x, gate, up, down, out);
        try (Activations gated = allocate(x.rows(), gate.rows());
             Activations upProjected = allocate(x.rows(), up.rows())) {
            matmul(x, gate, gated);
            matmul(x, up, upProjected);
            siluMul(gated, upProjected, gated);
            matmul(gated, down, out);
        }
    }

    /**
     * The routed-expert part of an MoE layer: {@code out[t] = Σ_k routing.weight(t,k) ·
     * Expert_{routing.expert(t,k)}(x[t])} (overwrites {@code out}). Implementations group the work by
     * expert, so each selected expert's weights are read once per call for all the tokens routed to it.
     *
     * @param x       {@code [T, hidden]}
     * @param experts all routed experts of the layer, indexed by expert id
     * @param out     {@code [T, hidden]}
     */
    void routedExperts(Activations x, List<ExpertWeights> experts, Routing routing, Activations out);

    /** The contents of {@code a}, row-major, {@code rows × cols} floats. */
    float[] toHost(Activations a);

    /** Overwrites {@code a} with {@code values} (row-major, {@code rows × cols} floats). */
    void fromHost(float[] values, Activations a);

    /** Releases the backend's threads and memory; its weights, activations and caches become unusable. */
    @Override
    void close();
}
