package dev.latte.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * BF16 weights {@code [rows, cols]}, little-endian. A 32-bit word holds two columns: the even one
 * in its low half, so {@code word << 16} is that column as a float and {@code word & 0xFFFF0000}
 * the odd one — two integer operations decode two vectors of weights.
 */
final class Bf16Matrix extends FusedMatrix {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class);
    private static final int L = FLOATS.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Weight rows sharing one token tile's activation loads in {@link #dotTile}. */
    private static final int ROW_TILE = 4;
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);

    // Vector operands are static constants and the decoding is written out in the loops: C2 may
    // refuse to inline a helper that is already compiled, and then boxes every vector.
    private static final IntVector HIGH_HALF = IntVector.broadcast(INTS, 0xFFFF0000);

    private final MemorySegment data;

    Bf16Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        requireSize(data, bytes(), "BF16 weight data");
        this.data = data;
    }

    @Override
    int interleave() {
        return 2;
    }

    @Override
    long bytes() {
        return 2L * rows * cols;
    }

    @Override
    void multiplyRows(InterleavedActivations x, float[] out, int rowStart, int rowEnd, float[] scratch) {
        int tokens = x.tokens();
        int r = rowStart;
        for (; r + ROW_TILE <= rowEnd; r += ROW_TILE) {
            int t = 0;
            for (; t + TOKEN_TILE <= tokens; t += TOKEN_TILE) {
                dotTile(r, x, t, out);
            }
            if (tokens < TOKEN_TILE) {
                for (; t < tokens; t++) {
                    for (int i = r; i < r + ROW_TILE; i++) {
                        out[t * rows + i] = dot(i, x, t);
                    }
                }
            }
            for (; t < tokens; t++) {
                dotRows(r, x, t, out);
            }
        }
        for (; r < rowEnd; r++) {
            int t = 0;
            for (; t + TOKEN_TILE <= tokens; t += TOKEN_TILE) {
                dotFour(r, x, t, out);
            }
            for (; t < tokens; t++) {
                out[t * rows + r] = dot(r, x, t);
            }
        }
    }

    /**
     * Rows {@code r .. r+3} times tokens {@code t .. t+3}: sixteen accumulators, each decoded weight
     * vector meets four tokens and each activation vector four rows, so a step does 32 FMAs for 12
     * loads (the one-row kernel does 8 for 9).
     */
    private void dotTile(int r, InterleavedActivations x, int t, float[] out) {
        long row0 = 2L * r * cols;
        long row1 = row0 + 2L * cols;
        long row2 = row1 + 2L * cols;
        long row3 = row2 + 2L * cols;
        int vectorCols = x.vectorCols();
        float[] planes = x.planes();
        int p0 = t * vectorCols;
        int p1 = p0 + vectorCols;
        int p2 = p1 + vectorCols;
        int p3 = p2 + vectorCols;
        FloatVector a00 = FloatVector.zero(FLOATS), a01 = FloatVector.zero(FLOATS), a02 = FloatVector.zero(FLOATS), a03 = FloatVector.zero(FLOATS);
        FloatVector a10 = FloatVector.zero(FLOATS), a11 = FloatVector.zero(FLOATS), a12 = FloatVector.zero(FLOATS), a13 = FloatVector.zero(FLOATS);
        FloatVector a20 = FloatVector.zero(FLOATS), a21 = FloatVector.zero(FLOATS), a22 = FloatVector.zero(FLOATS), a23 = FloatVector.zero(FLOATS);
        FloatVector a30 = FloatVector.zero(FLOATS), a31 = FloatVector.zero(FLOATS), a32 = FloatVector.zero(FLOATS), a33 = FloatVector.zero(FLOATS);
        for (int c = 0; c < vectorCols; c += 2 * L) {
            IntVector w0 = IntVector.fromMemorySegment(INTS, data, row0 + 2L * c, LE);
            IntVector w1 = IntVector.fromMemorySegment(INTS, data, row1 + 2L * c, LE);
            IntVector w2 = IntVector.fromMemorySegment(INTS, data, row2 + 2L * c, LE);
            IntVector w3 = IntVector.fromMemorySegment(INTS, data, row3 + 2L * c, LE);
            FloatVector e0 = w0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector e1 = w1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector e2 = w2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector e3 = w3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector o0 = w0.and(HIGH_HALF).reinterpretAsFloats();
            FloatVector o1 = w1.and(HIGH_HALF).reinterpretAsFloats();
            FloatVector o2 = w2.and(HIGH_HALF).reinterpretAsFloats();
            FloatVector o3 = w3.and(HIGH_HALF).reinterpretAsFloats();
            FloatVector v = FloatVector.fromArray(FLOATS, planes, p0 + c);
            a00 = e0.fma(v, a00); a10 = e1.fma(v, a10); a20 = e2.fma(v, a20); a30 = e3.fma(v, a30);
            v = FloatVector.fromArray(FLOATS, planes, p0 + c + L);
            a00 = o0.fma(v, a00); a10 = o1.fma(v, a10); a20 = o2.fma(v, a20); a30 = o3.fma(v, a30);
            v = FloatVector.fromArray(FLOATS, planes, p1 + c);
            a01 = e0.fma(v, a01); a11 = e1.fma(v, a11); a21 = e2.fma(v, a21); a31 = e3.fma(v, a31);
            v = FloatVector.fromArray(FLOATS, planes, p1 + c + L);
            a01 = o0.fma(v, a01); a11 = o1.fma(v, a11); a21 = o2.fma(v, a21); a31 = o3.fma(v, a31);
            v = FloatVector.fromArray(FLOATS, planes, p2 + c);
            a02 = e0.fma(v, a02); a12 = e1.fma(v, a12); a22 = e2.fma(v, a22); a32 = e3.fma(v, a32);
            v = FloatVector.fromArray(FLOATS, planes, p2 + c + L);
            a02 = o0.fma(v, a02); a12 = o1.fma(v, a12); a22 = o2.fma(v, a22); a32 = o3.fma(v, a32);
            v = FloatVector.fromArray(FLOATS, planes, p3 + c);
            a03 = e0.fma(v, a03); a13 = e1.fma(v, a13); a23 = e2.fma(v, a23); a33 = e3.fma(v, a33);
            v = FloatVector.fromArray(FLOATS, planes, p3 + c + L);
            a03 = o0.fma(v, a03); a13 = o1.fma(v, a13); a23 = o2.fma(v, a23); a33 = o3.fma(v, a33);
        }
        int o = t * rows + r;
        out[o] = a00.reduceLanes(VectorOperators.ADD) + tail(row0, x, t, vectorCols);
        out[o + 1] = a10.reduceLanes(VectorOperators.ADD) + tail(row1, x, t, vectorCols);
        out[o + 2] = a20.reduceLanes(VectorOperators.ADD) + tail(row2, x, t, vectorCols);
        out[o + 3] = a30.reduceLanes(VectorOperators.ADD) + tail(row3, x, t, vectorCols);
        o += rows;
        out[o] = a01.reduceLanes(VectorOperators.ADD) + tail(row0, x, t + 1, vectorCols);
        out[o + 1] = a11.reduceLanes(VectorOperators.ADD) + tail(row1, x, t + 1, vectorCols);
        out[o + 2] = a21.reduceLanes(VectorOperators.ADD) + tail(row2, x, t + 1, vectorCols);
        out[o + 3] = a31.reduceLanes(VectorOperators.ADD) + tail(row3, x, t + 1, vectorCols);
        o += rows;
        out[o] = a02.reduceLanes(VectorOperators.ADD) + tail(row0, x, t + 2, vectorCols);
        out[o + 1] = a12.reduceLanes(VectorOperators.ADD) + tail(row1, x, t + 2, vectorCols);
        out[o + 2] = a22.reduceLanes(VectorOperators.ADD) + tail(row2, x, t + 2, vectorCols);
        out[o + 3] = a32.reduceLanes(VectorOperators.ADD) + tail(row3, x, t + 2, vectorCols);
        o += rows;
        out[o] = a03.reduceLanes(VectorOperators.ADD) + tail(row0, x, t + 3, vectorCols);
        out[o + 1] = a13.reduceLanes(VectorOperators.ADD) + tail(row1, x, t + 3, vectorCols);
        out[o + 2] = a23.reduceLanes(VectorOperators.ADD) + tail(row2, x, t + 3, vectorCols);
        out[o + 3] = a33.reduceLanes(VectorOperators.ADD) + tail(row3, x, t + 3, vectorCols);
    }

    /**
     * Rows {@code r .. r+3} times token {@code t}, each activation vector loaded once for the four
     * rows: the tokens left over from the four-token tiles, whose rows the tiles have just brought
     * into L1. (Not for decode: streaming four rows 4 KB apart from memory was slower than one row at
     * a time.)
     */
    private void dotRows(int r, InterleavedActivations x, int t, float[] out) {
        long row0 = 2L * r * cols;
        long row1 = row0 + 2L * cols;
        long row2 = row1 + 2L * cols;
        long row3 = row2 + 2L * cols;
        int vectorCols = x.vectorCols();
        float[] planes = x.planes();
        int p = t * vectorCols;
        FloatVector e0 = FloatVector.zero(FLOATS), o0 = FloatVector.zero(FLOATS);
        FloatVector e1 = FloatVector.zero(FLOATS), o1 = FloatVector.zero(FLOATS);
        FloatVector e2 = FloatVector.zero(FLOATS), o2 = FloatVector.zero(FLOATS);
        FloatVector e3 = FloatVector.zero(FLOATS), o3 = FloatVector.zero(FLOATS);
        for (int c = 0; c < vectorCols; c += 2 * L) {
            IntVector w0 = IntVector.fromMemorySegment(INTS, data, row0 + 2L * c, LE);
            IntVector w1 = IntVector.fromMemorySegment(INTS, data, row1 + 2L * c, LE);
            IntVector w2 = IntVector.fromMemorySegment(INTS, data, row2 + 2L * c, LE);
            IntVector w3 = IntVector.fromMemorySegment(INTS, data, row3 + 2L * c, LE);
            FloatVector even = FloatVector.fromArray(FLOATS, planes, p + c);
            FloatVector odd = FloatVector.fromArray(FLOATS, planes, p + c + L);
            e0 = w0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(even, e0);
            o0 = w0.and(HIGH_HALF).reinterpretAsFloats().fma(odd, o0);
            e1 = w1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(even, e1);
            o1 = w1.and(HIGH_HALF).reinterpretAsFloats().fma(odd, o1);
            e2 = w2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(even, e2);
            o2 = w2.and(HIGH_HALF).reinterpretAsFloats().fma(odd, o2);
            e3 = w3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(even, e3);
            o3 = w3.and(HIGH_HALF).reinterpretAsFloats().fma(odd, o3);
        }
        int o = t * rows + r;
        out[o] = e0.add(o0).reduceLanes(VectorOperators.ADD) + tail(row0, x, t, vectorCols);
        out[o + 1] = e1.add(o1).reduceLanes(VectorOperators.ADD) + tail(row1, x, t, vectorCols);
        out[o + 2] = e2.add(o2).reduceLanes(VectorOperators.ADD) + tail(row2, x, t, vectorCols);
        out[o + 3] = e3.add(o3).reduceLanes(VectorOperators.ADD) + tail(row3, x, t, vectorCols);
    }

    private float dot(int r, InterleavedActivations x, int t) {
        long row = 2L * r * cols;
        int vectorCols = x.vectorCols();
        float[] planes = x.planes();
        int p = t * vectorCols;
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = FloatVector.zero(FLOATS);
        FloatVector a2 = FloatVector.zero(FLOATS);
        FloatVector a3 = FloatVector.zero(FLOATS);
        int c = 0;
        for (; c + 4 * L <= vectorCols; c += 4 * L) {
            IntVector w0 = IntVector.fromMemorySegment(INTS, data, row + 2L * c, LE);
            IntVector w1 = IntVector.fromMemorySegment(INTS, data, row + 2L * (c + 2 * L), LE);
            a0 = w0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, p + c), a0);
            a1 = w0.and(HIGH_HALF).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, p + c + L), a1);
            a2 = w1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, p + c + 2 * L), a2);
            a3 = w1.and(HIGH_HALF).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, p + c + 3 * L), a3);
        }
        for (; c < vectorCols; c += 2 * L) {
            IntVector w0 = IntVector.fromMemorySegment(INTS, data, row + 2L * c, LE);
            a0 = w0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, p + c), a0);
            a1 = w0.and(HIGH_HALF).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, p + c + L), a1);
        }
        float sum = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return sum + tail(row, x, t, vectorCols);
    }

    private void dotFour(int r, InterleavedActivations x, int t, float[] out) {
        long row = 2L * r * cols;
        int vectorCols = x.vectorCols();
        float[] planes = x.planes();
        int p0 = t * vectorCols;
        int p1 = p0 + vectorCols;
        int p2 = p1 + vectorCols;
        int p3 = p2 + vectorCols;
        FloatVector e0 = FloatVector.zero(FLOATS), o0 = FloatVector.zero(FLOATS);
        FloatVector e1 = FloatVector.zero(FLOATS), o1 = FloatVector.zero(FLOATS);
        FloatVector e2 = FloatVector.zero(FLOATS), o2 = FloatVector.zero(FLOATS);
        FloatVector e3 = FloatVector.zero(FLOATS), o3 = FloatVector.zero(FLOATS);
        for (int c = 0; c < vectorCols; c += 2 * L) {
            IntVector w = IntVector.fromMemorySegment(INTS, data, row + 2L * c, LE);
            FloatVector even = w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector odd = w.and(HIGH_HALF).reinterpretAsFloats();
            e0 = even.fma(FloatVector.fromArray(FLOATS, planes, p0 + c), e0);
            o0 = odd.fma(FloatVector.fromArray(FLOATS, planes, p0 + c + L), o0);
            e1 = even.fma(FloatVector.fromArray(FLOATS, planes, p1 + c), e1);
            o1 = odd.fma(FloatVector.fromArray(FLOATS, planes, p1 + c + L), o1);
            e2 = even.fma(FloatVector.fromArray(FLOATS, planes, p2 + c), e2);
            o2 = odd.fma(FloatVector.fromArray(FLOATS, planes, p2 + c + L), o2);
            e3 = even.fma(FloatVector.fromArray(FLOATS, planes, p3 + c), e3);
            o3 = odd.fma(FloatVector.fromArray(FLOATS, planes, p3 + c + L), o3);
        }
        out[t * rows + r] = e0.add(o0).reduceLanes(VectorOperators.ADD) + tail(row, x, t, vectorCols);
        out[(t + 1) * rows + r] = e1.add(o1).reduceLanes(VectorOperators.ADD) + tail(row, x, t + 1, vectorCols);
        out[(t + 2) * rows + r] = e2.add(o2).reduceLanes(VectorOperators.ADD) + tail(row, x, t + 2, vectorCols);
        out[(t + 3) * rows + r] = e3.add(o3).reduceLanes(VectorOperators.ADD) + tail(row, x, t + 3, vectorCols);
    }


    @Override
    boolean accumulatesRows() {
        return true;
    }

    @Override
    void accumulateRow(int r, float coefficient, float[] acc, float[] scratch) {
        long row = 2L * r * cols;
        int vectorCols = cols - cols % (2 * L);
        FloatVector a = FloatVector.broadcast(FLOATS, coefficient);
        for (int c = 0; c < vectorCols; c += 2 * L) {
            IntVector w = IntVector.fromMemorySegment(INTS, data, row + 2L * c, LE);
            w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .fma(a, FloatVector.fromArray(FLOATS, acc, c)).intoArray(acc, c);
            w.and(HIGH_HALF).reinterpretAsFloats()
                    .fma(a, FloatVector.fromArray(FLOATS, acc, c + L)).intoArray(acc, c + L);
        }
        for (int c = vectorCols; c < cols; c++) {
            acc[c] += coefficient * Float.intBitsToFloat(data.get(HALF, row + 2L * c) << 16);
        }
    }

    private float tail(long row, InterleavedActivations x, int t, int from) {
        float[] input = x.x();
        int base = t * cols;
        float sum = 0;
        for (int c = from; c < cols; c++) {
            float w = Float.intBitsToFloat(data.get(HALF, row + 2L * c) << 16);
            sum += w * input[base + c];
        }
        return sum;
    }
}
