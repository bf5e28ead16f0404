package dev.latte.cuda;

/**
 * A block of device memory: a {@code CUdeviceptr} and its size. Closing hands it back to its
 * context, which frees it once the work already queued on the stream has finished (so closing a
 * buffer never disturbs a kernel still reading it).
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaContext context;
    private final long bytes;
    private long pointer;

    DeviceBuffer(CudaContext context, long bytes) {
        this.context = context;
        this.bytes = bytes;
        this.pointer = context.driver().allocate(Math.max(bytes, 1));
    }

    /** The device address; fails once closed. */
    public long pointer() {
        if (pointer == 0) {
            throw new IllegalStateException("device buffer already freed");
        }
        return pointer;
    }

    /** Size in bytes. */
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        if (pointer != 0) {
            context.release(pointer);
            pointer = 0;
        }
    }
}
