package dev.latte.backend.scalar;

import dev.latte.backend.LatentCache;

/** The latent KV cache of one layer on the heap. */
final class ScalarLatentCache implements LatentCache {
    final int capacity;
    final int latentRank;
    final int ropeDim;
    /** {@code c_KV}, {@code [capacity × latentRank]}. */
    final float[] latent;
    /** Rotated {@code k_pe}, {@code [capacity × ropeDim]}. */
    final float[] ropeKey;

    ScalarLatentCache(int capacity, int latentRank, int ropeDim) {
        this.capacity = capacity;
        this.latentRank = latentRank;
        this.ropeDim = ropeDim;
        this.latent = new float[Math.multiplyExact(capacity, latentRank)];
        this.ropeKey = new float[Math.multiplyExact(capacity, ropeDim)];
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
        // heap memory: the garbage collector reclaims it
    }
}
