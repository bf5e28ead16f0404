package dev.latte.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Growable temporaries of a backend: device buffers reused by every call of an operation (MLA
 * partial sums, expert intermediates, token and routing indices) and a host staging area for small
 * uploads. Grown, never shrunk; freed with the backend.
 */
final class Scratch implements AutoCloseable {
    static final int TOKENS = 0, ABSORBED = 1, PARTIAL_U = 2, PARTIAL_M = 3, PARTIAL_L = 4, LATENT = 5, EXPERT_IDS = 6,
            OFFSETS = 7, SLOTS = 8, SLOT_TOKENS = 9, HIDDEN = 10, EXPERT_OUT = 11, ROUTE_WEIGHTS = 12;
    static final int SLOT_COUNT = 13;

    private final CudaContext context;
    private final DeviceBuffer[] buffers;
    private final Arena arena = Arena.ofShared();
    private MemorySegment staging = MemorySegment.NULL;

    Scratch(CudaContext context) {
        this.context = context;
        this.buffers = new DeviceBuffer[SLOT_COUNT];
    }

    /** Device buffer {@code slot}, at least {@code bytes} long. Its previous contents may be lost. */
    DeviceBuffer device(int slot, long bytes) {
        DeviceBuffer buffer = buffers[slot];
        if (buffer == null || buffer.bytes() < bytes) {
            if (buffer != null) {
                buffer.close();
            }
            buffer = context.allocate(Math.max(bytes, 256));
            buffers[slot] = buffer;
        }
        return buffer;
    }

    /**
     * A host area of at least {@code bytes}; earlier uploads from it have been consumed (an upload
     * from pageable memory is staged by the driver before the call returns).
     */
    MemorySegment host(long bytes) {
        if (staging.byteSize() < bytes) {
            staging = arena.allocate(Math.max(bytes, 4096), 16);
        }
        return staging;
    }

    /** Uploads {@code values} into device buffer {@code slot} and returns it. */
    DeviceBuffer upload(int slot, int[] values) {
        long bytes = 4L * values.length;
        MemorySegment host = host(bytes);
        MemorySegment.copy(values, 0, host, java.lang.foreign.ValueLayout.JAVA_INT, 0, values.length);
        DeviceBuffer buffer = device(slot, bytes);
        context.copyToDevice(host, buffer, 0, bytes);
        return buffer;
    }

    /** Uploads {@code values} into device buffer {@code slot} and returns it. */
    DeviceBuffer upload(int slot, float[] values) {
        long bytes = 4L * values.length;
        MemorySegment host = host(bytes);
        MemorySegment.copy(values, 0, host, java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, values.length);
        DeviceBuffer buffer = device(slot, bytes);
        context.copyToDevice(host, buffer, 0, bytes);
        return buffer;
    }

    @Override
    public void close() {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] != null) {
                buffers[i].close();
                buffers[i] = null;
            }
        }
        arena.close();
    }
}
