package dev.latte.backend;

/**
 * A backend-resident float32 matrix {@code [rows, cols]}, row-major: one row per token of the
 * chunk being computed. Made by {@link Backend#allocate}; only the backend that made it may use it.
 * Closing it gives its memory back.
 */
public interface Activations extends AutoCloseable {

    /** Rows: tokens of the chunk. */
    int rows();

    /** Columns: features per token. */
    int cols();

    @Override
    void close();
}
