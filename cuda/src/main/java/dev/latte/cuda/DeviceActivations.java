package dev.latte.cuda;

import dev.latte.backend.Activations;
import java.util.Set;

/** A float32 {@code [rows, cols]} matrix in device memory, row-major, rows {@code cols} floats apart. */
final class DeviceActivations implements Activations {
    private final int rows;
    private final int cols;
    private final DeviceBuffer buffer;
    private final Set<AutoCloseable> owner;

    /** Registers itself in {@code owner} (the backend's live resources) until closed. */
    DeviceActivations(CudaContext context, int rows, int cols, Set<AutoCloseable> owner) {
        if (rows < 0 || cols <= 0) {
            throw new IllegalArgumentException("activations of " + rows + " × " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.buffer = context.allocate(4L * rows * cols);
        this.owner = owner;
        owner.add(this);
    }

    /** Device address of element (0, 0). */
    long pointer() {
        return buffer.pointer();
    }

    DeviceBuffer buffer() {
        return buffer;
    }

    /** Number of elements. */
    long size() {
        return (long) rows * cols;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public void close() {
        buffer.close();
        owner.remove(this);
    }
}
