package dev.latte.backend.simd;

import dev.latte.backend.LatentCache;

/**
 * One layer's latent KV cache on the heap. Each position keeps its latent {@code c_KV} and its
 * rotated key {@code k_pe} side by side ({@code latentRank + ropeDim} floats, 576 for DeepSeek), so
 * an absorbed query {@code [q̃ ; q_pe]} meets one contiguous row per position.
 */
final class SimdLatentCache implements LatentCache {
    final int capacity;
    final int latentRank;
    final int ropeDim;
    /** {@code [capacity, latentRank + ropeDim]}: {@code [c_KV ; k_pe]} per position. */
    final float[] rows;

    SimdLatentCache(int capacity, int latentRank, int ropeDim) {
        if (capacity <= 0 || latentRank <= 0 || ropeDim < 0) {
            throw new IllegalArgumentException("invalid latent cache shape: " + capacity + " positions of " + latentRank + " + " + ropeDim);
        }
        this.capacity = capacity;
        this.latentRank = latentRank;
        this.ropeDim = ropeDim;
        this.rows = new float[Math.multiplyExact(capacity, latentRank + ropeDim)];
    }

    /** Floats per position. */
    int width() {
        return latentRank + ropeDim;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int latentRank() {
        return latentRank;
    }

    @Override
    public int ropeDim() {
        return ropeDim;
    }

    @Override
    public void close() {
        // heap memory, reclaimed with the object
    }
}
