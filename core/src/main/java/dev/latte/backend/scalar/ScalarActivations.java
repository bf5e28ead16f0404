package dev.latte.backend.scalar;

import dev.latte.backend.Activations;

/** Activations of the scalar backend: a heap array, row-major. */
final class ScalarActivations implements Activations {
    final int rows;
    final int cols;
    /** {@code [rows × cols]}, row-major. */
    final float[] data;

    ScalarActivations(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("activations need positive dimensions, got " + rows + " × " + cols);
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
        // heap memory: the garbage collector reclaims it
    }
}
