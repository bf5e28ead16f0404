package dev.latte.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Float32 weights {@code [rows, cols]}, little-endian: nothing to decode. */
final class F32Matrix extends FusedMatrix {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int L = FLOATS.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    private final MemorySegment data;

    F32Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        requireSize(data, bytes(), "F32 weight data");
        this.data = data;
    }

    @Override
    int interleave() {
        return 1;
    }

    @Override
    long bytes() {
        return 4L * rows * cols;
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
        long row = 4L * r * cols;
        int vectorCols = x.vectorCols();
        float[] planes = x.planes();
        int p = t * vectorCols;
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = FloatVector.zero(FLOATS);
        FloatVector a2 = FloatVector.zero(FLOATS);
        FloatVector a3 = FloatVector.zero(FLOATS);
        int c = 0;
        for (; c + 4 * L <= vectorCols; c += 4 * L) {
            a0 = FloatVector.fromMemorySegment(FLOATS, data, row + 4L * (c), LE).fma(FloatVector.fromArray(FLOATS, planes, p + c), a0);
            a1 = FloatVector.fromMemorySegment(FLOATS, data, row + 4L * (c + L), LE).fma(FloatVector.fromArray(FLOATS, planes, p + c + L), a1);
            a2 = FloatVector.fromMemorySegment(FLOATS, data, row + 4L * (c + 2 * L), LE).fma(FloatVector.fromArray(FLOATS, planes, p + c + 2 * L), a2);
            a3 = FloatVector.fromMemorySegment(FLOATS, data, row + 4L * (c + 3 * L), LE).fma(FloatVector.fromArray(FLOATS, planes, p + c + 3 * L), a3);
        }
        for (; c < vectorCols; c += L) {
            a0 = FloatVector.fromMemorySegment(FLOATS, data, row + 4L * (c), LE).fma(FloatVector.fromArray(FLOATS, planes, p + c), a0);
        }
        float sum = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        return sum + tail(row, x, t, vectorCols);
    }

    private void dotFour(int r, InterleavedActivations x, int t, float[] out) {
        long row = 4L * r * cols;
        int vectorCols = x.vectorCols();
        float[] planes = x.planes();
        int p0 = t * vectorCols;
        int p1 = p0 + vectorCols;
        int p2 = p1 + vectorCols;
        int p3 = p2 + vectorCols;
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = FloatVector.zero(FLOATS);
        FloatVector a2 = FloatVector.zero(FLOATS);
        FloatVector a3 = FloatVector.zero(FLOATS);
        for (int c = 0; c < vectorCols; c += L) {
            FloatVector w = FloatVector.fromMemorySegment(FLOATS, data, row + 4L * c, LE);
            a0 = w.fma(FloatVector.fromArray(FLOATS, planes, p0 + c), a0);
            a1 = w.fma(FloatVector.fromArray(FLOATS, planes, p1 + c), a1);
            a2 = w.fma(FloatVector.fromArray(FLOATS, planes, p2 + c), a2);
            a3 = w.fma(FloatVector.fromArray(FLOATS, planes, p3 + c), a3);
        }
        out[t * rows + r] = a0.reduceLanes(VectorOperators.ADD) + tail(row, x, t, vectorCols);
        out[(t + 1) * rows + r] = a1.reduceLanes(VectorOperators.ADD) + tail(row, x, t + 1, vectorCols);
        out[(t + 2) * rows + r] = a2.reduceLanes(VectorOperators.ADD) + tail(row, x, t + 2, vectorCols);
        out[(t + 3) * rows + r] = a3.reduceLanes(VectorOperators.ADD) + tail(row, x, t + 3, vectorCols);
    }


    @Override
    boolean accumulatesRows() {
        return true;
    }

    @Override
    void accumulateRow(int r, float coefficient, float[] acc, float[] scratch) {
        long row = 4L * r * cols;
        int vectorCols = cols - cols % L;
        FloatVector a = FloatVector.broadcast(FLOATS, coefficient);
        for (int c = 0; c < vectorCols; c += L) {
            FloatVector.fromMemorySegment(FLOATS, data, row + 4L * c, LE)
                    .fma(a, FloatVector.fromArray(FLOATS, acc, c)).intoArray(acc, c);
        }
        for (int c = vectorCols; c < cols; c++) {
            acc[c] += coefficient * data.get(FLOAT, row + 4L * c);
        }
    }

    private float tail(long row, InterleavedActivations x, int t, int from) {
        float[] input = x.x();
        int base = t * cols;
        float sum = 0;
        for (int c = from; c < cols; c++) {
            sum += data.get(FLOAT, row + 4L * c) * input[base + c];
        }
        return sum;
    }
}
