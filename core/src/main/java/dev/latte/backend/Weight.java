package dev.latte.backend;

import dev.latte.model.WeightEncoding;

/**
 * A weight matrix {@code [rows, cols]} made resident in a backend by {@link Backend#upload}, still
 * in its stored encoding (CPU backends read the mapped file in place). 1-D tensors (norm weights)
 * are one row. Owned by the backend: closing the backend releases it.
 */
public interface Weight {

    /** The checkpoint name of the tensor, for messages. */
    String name();

    /** Rows (output features). */
    int rows();

    /** Columns (input features). */
    int cols();

    /** The stored encoding the backend decodes on the fly. */
    WeightEncoding encoding();
}
