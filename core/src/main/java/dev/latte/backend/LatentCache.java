package dev.latte.backend;

/**
 * The compressed KV cache of one MLA layer, resident in a backend: for every position
 * {@code 0 .. capacity()-1}, the latent {@code c_KV} (after {@code kv_a_layernorm}, {@code latentRank}
 * floats) and the rotated shared key {@code k_pe} ({@code ropeDim} floats). 576 floats per token for
 * DeepSeek-V3 shapes. The owner (a session) tracks how many positions are filled; the cache does not.
 */
public interface LatentCache extends AutoCloseable {

    /** Positions the cache can hold. */
    int capacity();

    /** Width of {@code c_KV} ({@code kv_lora_rank}). */
    int latentRank();

    /** Width of {@code k_pe} ({@code qk_rope_head_dim}). */
    int ropeDim();

    @Override
    void close();
}
