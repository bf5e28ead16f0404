package dev.latte.cuda;

import dev.latte.cuda.driver.CudaDriver;

/**
 * A block of device memory: a {@code CUdeviceptr} and its size. Closing frees it (once).
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaDriver driver;
    private final long bytes;
    private long pointer;

    DeviceBuffer(CudaDriver driver, long bytes) {
        this.driver = driver;
        this.bytes = bytes;
        this.pointer = driver.allocate(Math.max(bytes, 1));
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
            driver.free(pointer);
            pointer = 0;
        }
    }
}
