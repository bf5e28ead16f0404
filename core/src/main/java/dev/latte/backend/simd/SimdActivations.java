package dev.latte.backend.simd;

import dev.latte.backend.Activations;

/** Activations of the CPU-SIMD backend: a heap float32 array {@code [rows, cols]}, row-major. */
final class SimdActivations implements Activations {
    final int rows;
    final int cols;
    /** {@code [rows × cols]}, row-major. */
    final float[] data;

    SimdActivations(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("activations need positive dimensions, got [" + rows + ", " + cols + "]");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = new float[Math.multiplyExact(rows, cols)];
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
        // heap memory, reclaimed with the object
    }
}
