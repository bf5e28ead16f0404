package dev.latte.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FP8 E4M3FN weights {@code [rows, cols]} (one byte each) with float32 block scales
 * {@code weight_scale_inv [ceil(rows/blockRows), ceil(cols/blockCols)]} (DeepSeek-V3: 128 × 128):
 * {@code W[r][c] = fp8(q[r][c]) · S[r/blockRows][c/blockCols]}, edge blocks partial.
 *
 * <p>Decoding is three integer operations and one multiplication per vector: a byte
 * {@code s eeee mmm} moved to the top of a 32-bit lane and shifted arithmetically right by 4 puts
 * {@code eeee mmm} where a float keeps its low exponent bits and top mantissa bits; clearing the copies
 * of the sign and the neighbouring bytes leaves a float equal to the FP8 value times 2^−120 (FP8 subnormals become float
 * subnormals, exactly), and multiplying by 2^120 rescales it. (A vector holding a subnormal code
 * multiplies several times slower; block-scaled checkpoints hold about one such code in 10^4.) The NaN codes 0x7F and 0xFF decode as
 * ±480 instead of NaN: quantizers never write them and checking would cost a compare and a blend.
 * Each block of columns is summed on its own and scaled once; block widths that are not a multiple
 * of 4 × lanes run the scalar loop.
 */
final class Fp8BlockMatrix extends FusedMatrix {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class);
    private static final int L = FLOATS.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final float TWO_POW_120 = 0x1p120f;
    // Vector operands are static constants and the decoding is written out in the loops: C2 may
    // refuse to inline a helper that is already compiled, and then boxes every vector.
    private static final FloatVector RESCALE = FloatVector.broadcast(FLOATS, TWO_POW_120);
    private static final int SIGN_EXPONENT_MANTISSA = 0x87F00000;
    private static final IntVector CODE_BITS = IntVector.broadcast(INTS, SIGN_EXPONENT_MANTISSA);

    private final MemorySegment data;
    private final MemorySegment scales;
    private final int blockRows;
    private final int blockCols;
    private final int scaleCols;
    private final boolean vectorizable;

    Fp8BlockMatrix(MemorySegment data, MemorySegment scales, int blockRows, int blockCols, int rows, int cols) {
        super(rows, cols);
        if (blockRows <= 0 || blockCols <= 0) {
            throw new IllegalArgumentException("FP8 scale blocks must be positive, got " + blockRows + " × " + blockCols);
        }
        this.blockRows = blockRows;
        this.blockCols = blockCols;
        this.scaleCols = (cols + blockCols - 1) / blockCols;
        requireSize(data, (long) rows * cols, "FP8 weight data");
        requireSize(scales, 4L * scaleCols * ((rows + blockRows - 1) / blockRows), "FP8 block scales (weight_scale_inv)");
        this.data = data;
        this.scales = scales;
        this.vectorizable = blockCols % (4 * L) == 0;
    }

    @Override
    int interleave() {
        return 4;
    }

    @Override
    long bytes() {
        return (long) rows * cols + 4L * scaleCols * ((rows + blockRows - 1) / blockRows);
    }

    @Override
    void multiplyRows(InterleavedActivations x, float[] out, int rowStart, int rowEnd, float[] scratch) {
        int tokens = x.tokens();
        for (int r = rowStart; r < rowEnd; r++) {
            int t = 0;
            for (; t + TOKEN_TILE <= tokens; t += TOKEN_TILE) {
                dotFour(r, x, t, out);
            }
            for (; t < tokens; t++) {
                out[t * rows + r] = dot(r, x, t);
            }
        }
    }

    private float dot(int r, InterleavedActivations x, int t) {
        long row = (long) r * cols;
        long scaleRow = 4L * (r / blockRows) * scaleCols;
        int vectorCols = vectorizable ? x.vectorCols() : 0;
        float[] planes = x.planes();
        int p = t * x.vectorCols();
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int start = 0; start < vectorCols; start += blockCols) {
            int end = Math.min(start + blockCols, vectorCols);
            FloatVector b0 = FloatVector.zero(FLOATS);
            FloatVector b1 = FloatVector.zero(FLOATS);
            FloatVector b2 = FloatVector.zero(FLOATS);
            FloatVector b3 = FloatVector.zero(FLOATS);
            for (int c = start; c < end; c += 4 * L) {
                IntVector w = IntVector.fromMemorySegment(INTS, data, row + c, LE);
                b0 = w.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE).fma(FloatVector.fromArray(FLOATS, planes, p + c), b0);
                b1 = w.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE).fma(FloatVector.fromArray(FLOATS, planes, p + c + L), b1);
                b2 = w.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE).fma(FloatVector.fromArray(FLOATS, planes, p + c + 2 * L), b2);
                b3 = w.lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE).fma(FloatVector.fromArray(FLOATS, planes, p + c + 3 * L), b3);
            }
            FloatVector scale = FloatVector.broadcast(FLOATS, scales.get(FLOAT, scaleRow + 4L * (start / blockCols)));
            acc = b0.add(b1).add(b2.add(b3)).fma(scale, acc);
        }
        return acc.reduceLanes(VectorOperators.ADD) + tail(row, scaleRow, x, t, vectorCols);
    }

    private void dotFour(int r, InterleavedActivations x, int t, float[] out) {
        long row = (long) r * cols;
        long scaleRow = 4L * (r / blockRows) * scaleCols;
        int vectorCols = vectorizable ? x.vectorCols() : 0;
        float[] planes = x.planes();
        int p0 = t * x.vectorCols();
        int p1 = p0 + x.vectorCols();
        int p2 = p1 + x.vectorCols();
        int p3 = p2 + x.vectorCols();
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = FloatVector.zero(FLOATS);
        FloatVector a2 = FloatVector.zero(FLOATS);
        FloatVector a3 = FloatVector.zero(FLOATS);
        for (int start = 0; start < vectorCols; start += blockCols) {
            int end = Math.min(start + blockCols, vectorCols);
            FloatVector b0 = FloatVector.zero(FLOATS);
            FloatVector b1 = FloatVector.zero(FLOATS);
            FloatVector b2 = FloatVector.zero(FLOATS);
            FloatVector b3 = FloatVector.zero(FLOATS);
            for (int c = start; c < end; c += 4 * L) {
                IntVector w = IntVector.fromMemorySegment(INTS, data, row + c, LE);
                FloatVector q = w.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE);
                b0 = q.fma(FloatVector.fromArray(FLOATS, planes, p0 + c), b0);
                b1 = q.fma(FloatVector.fromArray(FLOATS, planes, p1 + c), b1);
                b2 = q.fma(FloatVector.fromArray(FLOATS, planes, p2 + c), b2);
                b3 = q.fma(FloatVector.fromArray(FLOATS, planes, p3 + c), b3);
                q = w.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE);
                b0 = q.fma(FloatVector.fromArray(FLOATS, planes, p0 + c + L), b0);
                b1 = q.fma(FloatVector.fromArray(FLOATS, planes, p1 + c + L), b1);
                b2 = q.fma(FloatVector.fromArray(FLOATS, planes, p2 + c + L), b2);
                b3 = q.fma(FloatVector.fromArray(FLOATS, planes, p3 + c + L), b3);
                q = w.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE);
                b0 = q.fma(FloatVector.fromArray(FLOATS, planes, p0 + c + 2 * L), b0);
                b1 = q.fma(FloatVector.fromArray(FLOATS, planes, p1 + c + 2 * L), b1);
                b2 = q.fma(FloatVector.fromArray(FLOATS, planes, p2 + c + 2 * L), b2);
                b3 = q.fma(FloatVector.fromArray(FLOATS, planes, p3 + c + 2 * L), b3);
                q = w.lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE);
                b0 = q.fma(FloatVector.fromArray(FLOATS, planes, p0 + c + 3 * L), b0);
                b1 = q.fma(FloatVector.fromArray(FLOATS, planes, p1 + c + 3 * L), b1);
                b2 = q.fma(FloatVector.fromArray(FLOATS, planes, p2 + c + 3 * L), b2);
                b3 = q.fma(FloatVector.fromArray(FLOATS, planes, p3 + c + 3 * L), b3);
            }
            FloatVector scale = FloatVector.broadcast(FLOATS, scales.get(FLOAT, scaleRow + 4L * (start / blockCols)));
            a0 = b0.fma(scale, a0);
            a1 = b1.fma(scale, a1);
            a2 = b2.fma(scale, a2);
            a3 = b3.fma(scale, a3);
        }
        out[t * rows + r] = a0.reduceLanes(VectorOperators.ADD) + tail(row, scaleRow, x, t, vectorCols);
        out[(t + 1) * rows + r] = a1.reduceLanes(VectorOperators.ADD) + tail(row, scaleRow, x, t + 1, vectorCols);
        out[(t + 2) * rows + r] = a2.reduceLanes(VectorOperators.ADD) + tail(row, scaleRow, x, t + 2, vectorCols);
        out[(t + 3) * rows + r] = a3.reduceLanes(VectorOperators.ADD) + tail(row, scaleRow, x, t + 3, vectorCols);
    }


    @Override
    boolean accumulatesRows() {
        return vectorizable;
    }

    @Override
    void accumulateRow(int r, float coefficient, float[] acc, float[] scratch) {
        long row = (long) r * cols;
        long scaleRow = 4L * (r / blockRows) * scaleCols;
        int vectorCols = cols - cols % (4 * L);
        for (int c = 0; c < vectorCols; c += 4 * L) {
            FloatVector a = FloatVector.broadcast(FLOATS, coefficient * scales.get(FLOAT, scaleRow + 4L * (c / blockCols)));
            IntVector w = IntVector.fromMemorySegment(INTS, data, row + c, LE);
            w.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE)
                    .fma(a, FloatVector.fromArray(FLOATS, acc, c)).intoArray(acc, c);
            w.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE)
                    .fma(a, FloatVector.fromArray(FLOATS, acc, c + L)).intoArray(acc, c + L);
            w.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE)
                    .fma(a, FloatVector.fromArray(FLOATS, acc, c + 2 * L)).intoArray(acc, c + 2 * L);
            w.lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(RESCALE)
                    .fma(a, FloatVector.fromArray(FLOATS, acc, c + 3 * L)).intoArray(acc, c + 3 * L);
        }
        for (int c = vectorCols; c < cols; c++) {
            float scale = scales.get(FLOAT, scaleRow + 4L * (c / blockCols));
            acc[c] += coefficient * scale * decode(data.get(ValueLayout.JAVA_BYTE, row + c));
        }
    }

    private float tail(long row, long scaleRow, InterleavedActivations x, int t, int from) {
        float[] input = x.x();
        int base = t * cols;
        float sum = 0;
        for (int c = from; c < cols; c++) {
            float scale = scales.get(FLOAT, scaleRow + 4L * (c / blockCols));
            sum += decode(data.get(ValueLayout.JAVA_BYTE, row + c)) * scale * input[base + c];
        }
        return sum;
    }

    /** The same decoding as the vector path, one code at a time. */
    static float decode(byte code) {
        return Float.intBitsToFloat(((code << 24) >> 4) & SIGN_EXPONENT_MANTISSA) * TWO_POW_120;
    }
}
