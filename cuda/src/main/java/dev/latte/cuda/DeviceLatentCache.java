package dev.latte.cuda;

import dev.latte.backend.LatentCache;
import java.util.Set;

/**
 * One layer's latent cache in device memory: {@code [capacity, latentRank + ropeDim]} float32, each
 * row {@code [c_KV ; k_pe]}, so one dot product with an absorbed query row gives a score.
 */
final class DeviceLatentCache implements LatentCache {
    private final int capacity;
    private final int latentRank;
    private final int ropeDim;
    private final DeviceBuffer buffer;
    private final Set<AutoCloseable> owner;

    /** Registers itself in {@code owner} (the backend's live resources) until closed. */
    DeviceLatentCache(CudaContext context, int capacity, int latentRank, int ropeDim, Set<AutoCloseable> owner) {
        if (latentRank + ropeDim > 576) {
            throw new IllegalArgumentException("latent rows of " + (latentRank + ropeDim)
                    + " floats exceed the 576 the MLA kernel holds in registers");
        }
        this.capacity = capacity;
        this.latentRank = latentRank;
        this.ropeDim = ropeDim;
        this.buffer = context.allocate(4L * capacity * rowWidth());
        this.owner = owner;
        owner.add(this);
    }

    /** Floats per cached position. */
    int rowWidth() {
        return latentRank + ropeDim;
    }

    long pointer() {
        return buffer.pointer();
    }

    DeviceBuffer buffer() {
        return buffer;
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
        buffer.close();
        owner.remove(this);
    }
}
