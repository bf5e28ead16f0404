package dev.latte.backend.simd;

import dev.latte.backend.Weight;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;

/**
 * A weight of the CPU-SIMD backend: the stored tensor (read in place in the mapped file) and its
 * fused kernel. One-row tensors (norm weights) are also kept decoded, being a few kilobytes.
 */
final class SimdWeight implements Weight {
    final WeightTensor stored;
    final FusedMatrix matrix;
    /** The decoded row of a one-row tensor, else null. */
    final float[] vector;

    SimdWeight(WeightTensor stored) {
        this.stored = stored;
        this.matrix = FusedMatrix.of(stored);
        this.vector = stored.rows() == 1 ? stored.decodeAll() : null;
    }

    @Override
    public String name() {
        return stored.name();
    }

    @Override
    public int rows() {
        return stored.rows();
    }

    @Override
    public int cols() {
        return stored.cols();
    }

    @Override
    public WeightEncoding encoding() {
        return stored.encoding();
    }
}
