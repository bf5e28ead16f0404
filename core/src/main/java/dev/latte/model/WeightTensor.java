package dev.latte.model;

/**
 * One weight matrix {@code [rows, cols]} as it lies in the mapped checkpoint file, in its stored
 * encoding: nothing is decoded or copied when a checkpoint is opened.
 *
 * <p>A linear layer's weight is {@code [out, in]} and computes {@code y = x · Wᵀ}; 1-D tensors
 * (norm weights, biases) are one row. {@link #decodeRow} is the scalar definition of each encoding,
 * used by the reference backend and tests; fast backends pattern-match the implementing records
 * and read their {@code MemorySegment}s directly.
 */
public sealed interface WeightTensor permits DenseWeight, Fp8BlockWeight, Int4GroupWeight {

    /** The checkpoint's name of the tensor, e.g. {@code model.layers.3.mlp.experts.7.up_proj.weight}. */
    String name();

    /** The stored encoding. */
    WeightEncoding encoding();

    /** Number of rows (output features of a linear layer). */
    int rows();

    /** Number of columns (input features of a linear layer). */
    int cols();

    /**
     * Decodes row {@code row} into {@code dst[offset .. offset + cols())} as float32, exactly
     * (every stored value and scale is representable in float32, and products are rounded once).
     */
    void decodeRow(int row, float[] dst, int offset);

    /** Decodes the whole matrix, row-major; for tests and small tensors only. */
    default float[] decodeAll() {
        float[] out = new float[Math.multiplyExact(rows(), cols())];
        for (int r = 0; r < rows(); r++) {
            decodeRow(r, out, r * cols());
        }
        return out;
    }
}
