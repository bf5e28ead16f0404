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
    /** Rows and tokens of one {@link #dotTile}. */
    private static final int TILE_ROWS = 2;
    private static final int TILE_TOKENS = 8;
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
    private final boolean scalesFold;

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
        this.scalesFold = vectorizable && scalesFoldIntoRescale();
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
        int r = rowStart;
        if (scalesFold) {
            for (; r + TILE_ROWS <= rowEnd; r += TILE_ROWS) {
                int t = 0;
                for (; t + TILE_TOKENS <= tokens; t += TILE_TOKENS) {
                    dotTile(r, x, t, out);
                }
                rowTokens(r, x, t, out);
                rowTokens(r + 1, x, t, out);
            }
        }
        for (; r < rowEnd; r++) {
            rowTokens(r, x, 0, out);
        }
    }

    /** Row {@code r} with tokens {@code from ..} in groups of four. */
    private void rowTokens(int r, InterleavedActivations x, int from, float[] out) {
        int tokens = x.tokens();
        int t = from;
        for (; t + TOKEN_TILE <= tokens; t += TOKEN_TILE) {
            dotFour(r, x, t, out);
        }
        for (; t < tokens; t++) {
            out[t * rows + r] = dot(r, x, t);
        }
    }

    /**
     * Rows {@code r, r+1} times tokens {@code t .. t+7}. The block scale is folded into the
     * multiplication that rescales the decoded codes, so sixteen accumulators run across the whole
     * row and each decoded vector meets eight tokens.
     */
    private void dotTile(int r, InterleavedActivations x, int t, float[] out) {
        long row0 = (long) r * cols;
        long row1 = row0 + cols;
        long scaleRow0 = 4L * (r / blockRows) * scaleCols;
        long scaleRow1 = 4L * ((r + 1) / blockRows) * scaleCols;
        int vectorCols = x.vectorCols();
        float[] planes = x.planes();
        int p0 = t * vectorCols;
        int p1 = p0 + vectorCols;
        int p2 = p1 + vectorCols;
        int p3 = p2 + vectorCols;
        int p4 = p3 + vectorCols;
        int p5 = p4 + vectorCols;
        int p6 = p5 + vectorCols;
        int p7 = p6 + vectorCols;
        FloatVector a00 = FloatVector.zero(FLOATS), a01 = FloatVector.zero(FLOATS), a02 = FloatVector.zero(FLOATS), a03 = FloatVector.zero(FLOATS), a10 = FloatVector.zero(FLOATS), a11 = FloatVector.zero(FLOATS), a12 = FloatVector.zero(FLOATS), a13 = FloatVector.zero(FLOATS);
        FloatVector a04 = FloatVector.zero(FLOATS), a05 = FloatVector.zero(FLOATS), a06 = FloatVector.zero(FLOATS), a07 = FloatVector.zero(FLOATS), a14 = FloatVector.zero(FLOATS), a15 = FloatVector.zero(FLOATS), a16 = FloatVector.zero(FLOATS), a17 = FloatVector.zero(FLOATS);
        for (int start = 0; start < vectorCols; start += blockCols) {
            int end = Math.min(start + blockCols, vectorCols);
            FloatVector s0 = FloatVector.broadcast(FLOATS, scales.get(FLOAT, scaleRow0 + 4L * (start / blockCols)) * TWO_POW_120);
            FloatVector s1 = FloatVector.broadcast(FLOATS, scales.get(FLOAT, scaleRow1 + 4L * (start / blockCols)) * TWO_POW_120);
            for (int c = start; c < end; c += 4 * L) {
                IntVector w0 = IntVector.fromMemorySegment(INTS, data, row0 + c, LE);
                IntVector w1 = IntVector.fromMemorySegment(INTS, data, row1 + c, LE);
                FloatVector q0 = w0.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(s0);
                FloatVector q1 = w1.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(s1);
                FloatVector v = FloatVector.fromArray(FLOATS, planes, p0 + c);
                a00 = q0.fma(v, a00);
                a10 = q1.fma(v, a10);
                v = FloatVector.fromArray(FLOATS, planes, p1 + c);
                a01 = q0.fma(v, a01);
                a11 = q1.fma(v, a11);
                v = FloatVector.fromArray(FLOATS, planes, p2 + c);
                a02 = q0.fma(v, a02);
                a12 = q1.fma(v, a12);
                v = FloatVector.fromArray(FLOATS, planes, p3 + c);
                a03 = q0.fma(v, a03);
                a13 = q1.fma(v, a13);
                v = FloatVector.fromArray(FLOATS, planes, p4 + c);
                a04 = q0.fma(v, a04);
                a14 = q1.fma(v, a14);
                v = FloatVector.fromArray(FLOATS, planes, p5 + c);
                a05 = q0.fma(v, a05);
                a15 = q1.fma(v, a15);
                v = FloatVector.fromArray(FLOATS, planes, p6 + c);
                a06 = q0.fma(v, a06);
                a16 = q1.fma(v, a16);
                v = FloatVector.fromArray(FLOATS, planes, p7 + c);
                a07 = q0.fma(v, a07);
                a17 = q1.fma(v, a17);
                q0 = w0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(s0);
                q1 = w1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(s1);
                v = FloatVector.fromArray(FLOATS, planes, p0 + c + L);
                a00 = q0.fma(v, a00);
                a10 = q1.fma(v, a10);
                v = FloatVector.fromArray(FLOATS, planes, p1 + c + L);
                a01 = q0.fma(v, a01);
                a11 = q1.fma(v, a11);
                v = FloatVector.fromArray(FLOATS, planes, p2 + c + L);
                a02 = q0.fma(v, a02);
                a12 = q1.fma(v, a12);
                v = FloatVector.fromArray(FLOATS, planes, p3 + c + L);
                a03 = q0.fma(v, a03);
                a13 = q1.fma(v, a13);
                v = FloatVector.fromArray(FLOATS, planes, p4 + c + L);
                a04 = q0.fma(v, a04);
                a14 = q1.fma(v, a14);
                v = FloatVector.fromArray(FLOATS, planes, p5 + c + L);
                a05 = q0.fma(v, a05);
                a15 = q1.fma(v, a15);
                v = FloatVector.fromArray(FLOATS, planes, p6 + c + L);
                a06 = q0.fma(v, a06);
                a16 = q1.fma(v, a16);
                v = FloatVector.fromArray(FLOATS, planes, p7 + c + L);
                a07 = q0.fma(v, a07);
                a17 = q1.fma(v, a17);
                q0 = w0.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(s0);
                q1 = w1.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(s1);
                v = FloatVector.fromArray(FLOATS, planes, p0 + c + 2 * L);
                a00 = q0.fma(v, a00);
                a10 = q1.fma(v, a10);
                v = FloatVector.fromArray(FLOATS, planes, p1 + c + 2 * L);
                a01 = q0.fma(v, a01);
                a11 = q1.fma(v, a11);
                v = FloatVector.fromArray(FLOATS, planes, p2 + c + 2 * L);
                a02 = q0.fma(v, a02);
                a12 = q1.fma(v, a12);
                v = FloatVector.fromArray(FLOATS, planes, p3 + c + 2 * L);
                a03 = q0.fma(v, a03);
                a13 = q1.fma(v, a13);
                v = FloatVector.fromArray(FLOATS, planes, p4 + c + 2 * L);
                a04 = q0.fma(v, a04);
                a14 = q1.fma(v, a14);
                v = FloatVector.fromArray(FLOATS, planes, p5 + c + 2 * L);
                a05 = q0.fma(v, a05);
                a15 = q1.fma(v, a15);
                v = FloatVector.fromArray(FLOATS, planes, p6 + c + 2 * L);
                a06 = q0.fma(v, a06);
                a16 = q1.fma(v, a16);
                v = FloatVector.fromArray(FLOATS, planes, p7 + c + 2 * L);
                a07 = q0.fma(v, a07);
                a17 = q1.fma(v, a17);
                q0 = w0.lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(s0);
                q1 = w1.lanewise(VectorOperators.ASHR, 4).and(CODE_BITS).reinterpretAsFloats().mul(s1);
                v = FloatVector.fromArray(FLOATS, planes, p0 + c + 3 * L);
                a00 = q0.fma(v, a00);
                a10 = q1.fma(v, a10);
                v = FloatVector.fromArray(FLOATS, planes, p1 + c + 3 * L);
                a01 = q0.fma(v, a01);
                a11 = q1.fma(v, a11);
                v = FloatVector.fromArray(FLOATS, planes, p2 + c + 3 * L);
                a02 = q0.fma(v, a02);
                a12 = q1.fma(v, a12);
                v = FloatVector.fromArray(FLOATS, planes, p3 + c + 3 * L);
                a03 = q0.fma(v, a03);
                a13 = q1.fma(v, a13);
                v = FloatVector.fromArray(FLOATS, planes, p4 + c + 3 * L);
                a04 = q0.fma(v, a04);
                a14 = q1.fma(v, a14);
                v = FloatVector.fromArray(FLOATS, planes, p5 + c + 3 * L);
                a05 = q0.fma(v, a05);
                a15 = q1.fma(v, a15);
                v = FloatVector.fromArray(FLOATS, planes, p6 + c + 3 * L);
                a06 = q0.fma(v, a06);
                a16 = q1.fma(v, a16);
                v = FloatVector.fromArray(FLOATS, planes, p7 + c + 3 * L);
                a07 = q0.fma(v, a07);
                a17 = q1.fma(v, a17);
            }
        }
        int o = t * rows + r;
        out[o] = a00.reduceLanes(VectorOperators.ADD) + tail(row0, scaleRow0, x, t, vectorCols);
        out[o + 1] = a10.reduceLanes(VectorOperators.ADD) + tail(row1, scaleRow1, x, t, vectorCols);
        o += rows;
        out[o] = a01.reduceLanes(VectorOperators.ADD) + tail(row0, scaleRow0, x, t + 1, vectorCols);
        out[o + 1] = a11.reduceLanes(VectorOperators.ADD) + tail(row1, scaleRow1, x, t + 1, vectorCols);
        o += rows;
        out[o] = a02.reduceLanes(VectorOperators.ADD) + tail(row0, scaleRow0, x, t + 2, vectorCols);
        out[o + 1] = a12.reduceLanes(VectorOperators.ADD) + tail(row1, scaleRow1, x, t + 2, vectorCols);
        o += rows;
        out[o] = a03.reduceLanes(VectorOperators.ADD) + tail(row0, scaleRow0, x, t + 3, vectorCols);
        out[o + 1] = a13.reduceLanes(VectorOperators.ADD) + tail(row1, scaleRow1, x, t + 3, vectorCols);
        o += rows;
        out[o] = a04.reduceLanes(VectorOperators.ADD) + tail(row0, scaleRow0, x, t + 4, vectorCols);
        out[o + 1] = a14.reduceLanes(VectorOperators.ADD) + tail(row1, scaleRow1, x, t + 4, vectorCols);
        o += rows;
        out[o] = a05.reduceLanes(VectorOperators.ADD) + tail(row0, scaleRow0, x, t + 5, vectorCols);
        out[o + 1] = a15.reduceLanes(VectorOperators.ADD) + tail(row1, scaleRow1, x, t + 5, vectorCols);
        o += rows;
        out[o] = a06.reduceLanes(VectorOperators.ADD) + tail(row0, scaleRow0, x, t + 6, vectorCols);
        out[o + 1] = a16.reduceLanes(VectorOperators.ADD) + tail(row1, scaleRow1, x, t + 6, vectorCols);
        o += rows;
        out[o] = a07.reduceLanes(VectorOperators.ADD) + tail(row0, scaleRow0, x, t + 7, vectorCols);
        out[o + 1] = a17.reduceLanes(VectorOperators.ADD) + tail(row1, scaleRow1, x, t + 7, vectorCols);
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


    /** Whether every block scale times 2^120 is a finite float, so that {@link #dotTile} may fold it in. */
    private boolean scalesFoldIntoRescale() {
        long count = (long) scaleCols * ((rows + blockRows - 1) / blockRows);
        for (long i = 0; i < count; i++) {
            if (!Float.isFinite(scales.get(FLOAT, 4L * i) * TWO_POW_120)) {
                return false;
            }
        }
        return true;
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
