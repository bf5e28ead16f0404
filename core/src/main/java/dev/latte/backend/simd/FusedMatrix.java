package dev.latte.backend.simd;

import dev.latte.model.DenseWeight;
import dev.latte.model.Fp8BlockWeight;
import dev.latte.model.Int4GroupWeight;
import dev.latte.model.WeightTensor;
import java.lang.foreign.MemorySegment;

/**
 * A weight matrix {@code W [rows, cols]} kept in its stored encoding and multiplied without
 * writing a dequantized copy anywhere: each kernel decodes one vector of weights into registers
 * and uses it for a tile of tokens (four, eight for FP8) before loading the next, so the weights
 * stream from memory once per call whatever the number of tokens.
 *
 * <p>Computes {@code out[t·rows + r] = Σ_c W[r][c] · x[t·cols + c]} in float32 with float32
 * accumulation, for the rows a worker is given.
 */
abstract sealed class FusedMatrix permits Bf16Matrix, F16Matrix, F32Matrix, Fp8BlockMatrix, Int4GroupMatrix {
    /** Tokens whose dot products share one decoded weight vector. */
    static final int TOKEN_TILE = 4;

    final int rows;
    final int cols;

    FusedMatrix(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("a weight matrix needs positive dimensions, got [" + rows + ", " + cols + "]");
        }
        this.rows = rows;
        this.cols = cols;
    }

    /** The kernel for a stored weight; reads the mapped file in place. */
    static FusedMatrix of(WeightTensor stored) {
        return switch (stored) {
            case DenseWeight d -> switch (d.encoding()) {
                case F32 -> new F32Matrix(d.data(), d.rows(), d.cols());
                case F16 -> new F16Matrix(d.data(), d.rows(), d.cols());
                case BF16 -> new Bf16Matrix(d.data(), d.rows(), d.cols());
                default -> throw new IllegalArgumentException(d.name() + ": a dense weight cannot be " + d.encoding());
            };
            case Fp8BlockWeight f -> new Fp8BlockMatrix(f.values(), f.scales(), f.blockRows(), f.blockCols(), f.rows(), f.cols());
            case Int4GroupWeight w -> new Int4GroupMatrix(w.packed(), w.scales().data(), w.scales().dtype(), w.zeroPoints(),
                    w.groupSize(), w.rows(), w.cols());
        };
    }

    /** Consecutive input columns held by one 32-bit word of the stored weights. */
    abstract int interleave();

    /** Bytes a full multiplication reads from the stored weights (data and scales). */
    abstract long bytes();

    /**
     * Multiplies rows {@code [rowStart, rowEnd)} with the tokens of {@code x}, which was prepared with
     * {@link #interleave()}. {@code scratch} is this worker's own buffer of at least
     * {@link #scratchFloats()} floats.
     */
    abstract void multiplyRows(InterleavedActivations x, float[] out, int rowStart, int rowEnd, float[] scratch);

    /** Whether {@link #accumulateRow} has a vector path for this encoding. */
    boolean accumulatesRows() {
        return false;
    }

    /**
     * {@code acc += coefficient · W[r]}, the columns of {@code acc} in the plane order of
     * {@link InterleavedActivations} (interleave {@link #interleave()}) up to the last whole vector
     * block and in natural order after it; see {@link InterleavedActivations#toNatural}. Only where
     * {@link #accumulatesRows()}. {@code scratch} is the worker's own buffer of at least
     * {@link #scratchFloats()} floats.
     */
    void accumulateRow(int r, float coefficient, float[] acc, float[] scratch) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no row accumulation");
    }

    /** Floats of per-worker scratch {@link #multiplyRows} needs. */
    int scratchFloats() {
        return 0;
    }

    static void requireSize(MemorySegment segment, long bytes, String what) {
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException(what + " holds " + segment.byteSize() + " bytes, the shape needs " + bytes);
        }
    }
}
