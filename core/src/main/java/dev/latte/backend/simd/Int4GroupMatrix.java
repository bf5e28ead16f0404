package dev.latte.backend.simd;

import dev.latte.model.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * INT4 weights in the compressed-tensors {@code pack-quantized} layout: {@code weight_packed}
 * int32 {@code [rows, ceil(cols/8)]}, column {@code c} in word {@code c/8} at bits {@code 4·(c%8)}
 * holding {@code n = q + 8}; {@code weight_scale [rows, ceil(cols/G)]} in BF16, F16 or F32; and for
 * asymmetric quantization {@code weight_zero_point} packed the same way along the rows
 * ({@code [ceil(rows/8), ceil(cols/G)]}, row {@code r} at bits {@code 4·(r%8)}, also stored +8).
 * {@code W[r][c] = (n − z) · scale[r][c/G]} where {@code z} is the stored zero-point nibble, or 8 when
 * symmetric (both sides carry the same +8 offset, so it cancels).
 *
 * <p>A vector of words is decoded one nibble position at a time by a shift and one permute that
 * looks the nibble up in a 16-entry table of floats (the permute reads only the low four bits of each
 * lane, so no mask is needed), and multiplied with the matching inputs. For symmetric matrices the
 * table holds {@code n − 8}, so each word gives {@code Σ (n − 8)·x} directly; for asymmetric ones it
 * holds {@code n} and the zero point enters once per word as {@code −z · Σ x} (input sums
 * precomputed per word). The scale enters once per word, expanded to lanes by one shuffle of the
 * row's decoded scales; BF16 scales are decoded to floats a vector of pairs at a time. Group sizes that are multiples of 8 and divide, or
 * are multiples of, 8 × lanes take this path; others fall back to a scalar loop.
 */
final class Int4GroupMatrix extends FusedMatrix {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class);
    private static final int L = FLOATS.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    // Vector operands are static constants and the decoding is written out in the loops: C2 may
    // refuse to inline a helper that is already compiled, and then boxes every vector.
    /** Float bits of {@code n − 8} at index {@code n}: one permute decodes a nibble of a symmetric matrix to its value. */
    private static final IntVector SIGNED_CODES = IntVector.fromArray(INTS, codeBits(-8), 0);
    /** Float bits of {@code n} at index {@code n}, for asymmetric matrices, whose zero points enter per word. */
    private static final IntVector UNSIGNED_CODES = IntVector.fromArray(INTS, codeBits(0), 0);
    private static final IntVector HIGH_HALF = IntVector.broadcast(INTS, 0xFFFF0000);
    /** Two-table indices that interleave the even-group and odd-group scales decoded from one vector of BF16 pairs. */
    private static final IntVector LOW_PAIRS = IntVector.fromArray(INTS, interleaving(0), 0);
    private static final IntVector HIGH_PAIRS = IntVector.fromArray(INTS, interleaving(L / 2), 0);

    private final MemorySegment packed;
    private final MemorySegment scales;
    private final DType scaleFormat;
    private final MemorySegment zeroPoints;
    private final int groupSize;
    private final int groups;
    private final int wordsPerRow;
    private final boolean vectorizable;
    private final IntVector codes;
    /** Lane i of a vector of words takes the scale of group {@code 8i / groupSize} counted from its first word's group. */
    private final VectorShuffle<Float> groupOfLane;

    /** {@code zeroPoints} is null for symmetric quantization. */
    Int4GroupMatrix(MemorySegment packed, MemorySegment scales, DType scaleFormat, MemorySegment zeroPoints,
                    int groupSize, int rows, int cols) {
        super(rows, cols);
        if (groupSize <= 0) {
            throw new IllegalArgumentException("INT4 group size must be positive, got " + groupSize);
        }
        if (scaleFormat != DType.BF16 && scaleFormat != DType.F16 && scaleFormat != DType.F32) {
            throw new IllegalArgumentException("INT4 scales must be BF16, F16 or F32, got " + scaleFormat);
        }
        this.groupSize = groupSize;
        this.groups = (cols + groupSize - 1) / groupSize;
        this.wordsPerRow = (cols + 7) / 8;
        requireSize(packed, 4L * rows * wordsPerRow, "INT4 weight_packed");
        requireSize(scales, (long) scaleFormat.byteSize() * rows * groups, "INT4 weight_scale");
        if (zeroPoints != null) {
            requireSize(zeroPoints, 4L * ((rows + 7) / 8) * groups, "INT4 weight_zero_point");
        }
        this.packed = packed;
        this.scales = scales;
        this.scaleFormat = scaleFormat;
        this.zeroPoints = zeroPoints;
        this.codes = zeroPoints == null ? SIGNED_CODES : UNSIGNED_CODES;
        this.vectorizable = groupSize % 8 == 0 && (8 * L % groupSize == 0 || groupSize % (8 * L) == 0);
        this.groupOfLane = VectorShuffle.fromOp(FLOATS, i -> vectorizable ? 8 * i / groupSize : 0);
    }

    private static int[] codeBits(int offset) {
        int[] bits = new int[L];
        for (int n = 0; n < L; n++) {
            bits[n] = Float.floatToIntBits(n % 16 + offset);
        }
        return bits;
    }

    /** Indices {@code from, L + from, from + 1, L + from + 1, ...} into the pair of tables (even groups, odd groups). */
    private static int[] interleaving(int from) {
        int[] indices = new int[L];
        for (int i = 0; i < L; i++) {
            indices[i] = (i % 2 == 0 ? 0 : L) + from + i / 2;
        }
        return indices;
    }

    @Override
    int interleave() {
        return 8;
    }

    @Override
    long bytes() {
        long zeros = zeroPoints == null ? 0 : 4L * ((rows + 7) / 8) * groups;
        return 4L * rows * wordsPerRow + (long) scaleFormat.byteSize() * rows * groups + zeros;
    }

    /**
     * Decoded scales, then negated zero points, of one row, each padded by a vector; then the next
     * row's scales for {@link #dotTile}.
     */
    @Override
    int scratchFloats() {
        return 3 * (groups + L);
    }

    @Override
    void multiplyRows(InterleavedActivations x, float[] out, int rowStart, int rowEnd, float[] scratch) {
        int tokens = x.tokens();
        int vectorCols = vectorizable ? x.vectorCols() : 0;
        boolean pairs = zeroPoints == null && vectorCols > 0 && tokens >= TOKEN_TILE;
        int r = rowStart;
        for (; pairs && r + 1 < rowEnd; r += 2) {
            decodeRowParameters(r + 1, scratch);
            System.arraycopy(scratch, 0, scratch, 2 * (groups + L), groups);
            decodeRowParameters(r, scratch);
            int t = 0;
            for (; t + TOKEN_TILE <= tokens; t += TOKEN_TILE) {
                dotTile(r, x, t, out, scratch);
            }
            for (int u = t; u < tokens; u++) {
                out[u * rows + r] = dot(r, x, u, vectorCols, scratch);
            }
            if (t < tokens) {
                decodeRowParameters(r + 1, scratch);
                for (int u = t; u < tokens; u++) {
                    out[u * rows + r + 1] = dot(r + 1, x, u, vectorCols, scratch);
                }
            }
        }
        for (; r < rowEnd; r++) {
            decodeRowParameters(r, scratch);
            int t = 0;
            for (; t + TOKEN_TILE <= tokens && vectorCols > 0; t += TOKEN_TILE) {
                dotFour(r, x, t, out, scratch);
            }
            for (; t < tokens; t++) {
                out[t * rows + r] = dot(r, x, t, vectorCols, scratch);
            }
        }
    }

    private void decodeRowParameters(int r, float[] scratch) {
        long scaleRow = (long) scaleFormat.byteSize() * r * groups;
        switch (scaleFormat) {
            case BF16 -> {
                int g = 0;
                for (; g + 2 * L <= groups; g += 2 * L) {
                    IntVector pairs = IntVector.fromMemorySegment(INTS, scales, scaleRow + 2L * g, LE);
                    IntVector even = pairs.lanewise(VectorOperators.LSHL, 16);
                    IntVector odd = pairs.and(HIGH_HALF);
                    LOW_PAIRS.selectFrom(even, odd).reinterpretAsFloats().intoArray(scratch, g);
                    HIGH_PAIRS.selectFrom(even, odd).reinterpretAsFloats().intoArray(scratch, g + L);
                }
                for (; g < groups; g++) {
                    scratch[g] = Float.intBitsToFloat(scales.get(SHORT, scaleRow + 2L * g) << 16);
                }
            }
            case F16 -> {
                for (int g = 0; g < groups; g++) {
                    scratch[g] = Float.float16ToFloat(scales.get(SHORT, scaleRow + 2L * g));
                }
            }
            default -> MemorySegment.copy(scales, FLOAT, scaleRow, scratch, 0, groups);
        }
        int zeros = groups + L;
        if (zeroPoints == null) {
            return;
        }
        long zeroRow = 4L * (r / 8) * groups;
        int shift = 4 * (r % 8);
        for (int g = 0; g < groups; g++) {
            scratch[zeros + g] = -((zeroPoints.get(INT, zeroRow + 4L * g) >>> shift) & 0xF);
        }
    }

    private float dot(int r, InterleavedActivations x, int t, int vectorCols, float[] scratch) {
        long row = 4L * r * wordsPerRow;
        float[] planes = x.planes();
        float[] wordSums = x.wordSums();
        int p = t * x.vectorCols();
        int s = t * (x.vectorCols() / 8);
        int zeros = groups + L;
        boolean symmetric = zeroPoints == null;
        IntVector codes = this.codes;
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int j = 0; j < vectorCols / 8; j += L) {
            IntVector w = IntVector.fromMemorySegment(INTS, packed, row + 4L * j, LE);
            int c = p + 8 * j;
            FloatVector even = w.selectFrom(codes).reinterpretAsFloats().mul(FloatVector.fromArray(FLOATS, planes, c));
            FloatVector odd = w.lanewise(VectorOperators.LSHR, 4).selectFrom(codes).reinterpretAsFloats().mul(FloatVector.fromArray(FLOATS, planes, c + L));
            even = w.lanewise(VectorOperators.LSHR, 8).selectFrom(codes).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, c + 2 * L), even);
            odd = w.lanewise(VectorOperators.LSHR, 12).selectFrom(codes).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, c + 3 * L), odd);
            even = w.lanewise(VectorOperators.LSHR, 16).selectFrom(codes).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, c + 4 * L), even);
            odd = w.lanewise(VectorOperators.LSHR, 20).selectFrom(codes).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, c + 5 * L), odd);
            even = w.lanewise(VectorOperators.LSHR, 24).selectFrom(codes).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, c + 6 * L), even);
            odd = w.lanewise(VectorOperators.LSHR, 28).selectFrom(codes).reinterpretAsFloats().fma(FloatVector.fromArray(FLOATS, planes, c + 7 * L), odd);
            int g = 8 * j / groupSize;
            FloatVector word = even.add(odd);
            if (!symmetric) {
                FloatVector zero = FloatVector.fromArray(FLOATS, scratch, zeros + g).rearrange(groupOfLane);
                word = zero.fma(FloatVector.fromArray(FLOATS, wordSums, s + j), word);
            }
            acc = word.fma(FloatVector.fromArray(FLOATS, scratch, g).rearrange(groupOfLane), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD) + tail(row, x, t, vectorCols, scratch);
    }

    /**
     * Rows {@code r, r+1} of a symmetric matrix, times tokens
     * {@code t .. t+3}: each decoded nibble plane meets four tokens and each input vector two rows.
     * {@code scratch} holds row {@code r}'s scales at 0 and row {@code r+1}'s at {@code 2·(groups + L)}.
     */
    private void dotTile(int r, InterleavedActivations x, int t, float[] out, float[] scratch) {
        long row0 = 4L * r * wordsPerRow;
        long row1 = row0 + 4L * wordsPerRow;
        float[] planes = x.planes();
        int vectorCols = x.vectorCols();
        int p0 = t * vectorCols;
        int p1 = p0 + vectorCols;
        int p2 = p1 + vectorCols;
        int p3 = p2 + vectorCols;
        int secondScales = 2 * (groups + L);
        IntVector codes = SIGNED_CODES;
        FloatVector a00 = FloatVector.zero(FLOATS), a01 = FloatVector.zero(FLOATS), a02 = FloatVector.zero(FLOATS), a03 = FloatVector.zero(FLOATS);
        FloatVector a10 = FloatVector.zero(FLOATS), a11 = FloatVector.zero(FLOATS), a12 = FloatVector.zero(FLOATS), a13 = FloatVector.zero(FLOATS);
        for (int j = 0; j < vectorCols / 8; j += L) {
            IntVector w0 = IntVector.fromMemorySegment(INTS, packed, row0 + 4L * j, LE);
            IntVector w1 = IntVector.fromMemorySegment(INTS, packed, row1 + 4L * j, LE);
            int c = 8 * j;
            FloatVector q0 = w0.selectFrom(codes).reinterpretAsFloats();
            FloatVector q1 = w1.selectFrom(codes).reinterpretAsFloats();
            FloatVector v = FloatVector.fromArray(FLOATS, planes, p0 + c);
            FloatVector d00 = q0.mul(v), d10 = q1.mul(v);
            v = FloatVector.fromArray(FLOATS, planes, p1 + c);
            FloatVector d01 = q0.mul(v), d11 = q1.mul(v);
            v = FloatVector.fromArray(FLOATS, planes, p2 + c);
            FloatVector d02 = q0.mul(v), d12 = q1.mul(v);
            v = FloatVector.fromArray(FLOATS, planes, p3 + c);
            FloatVector d03 = q0.mul(v), d13 = q1.mul(v);
            for (int k = 1; k < 8; k++) {
                q0 = w0.lanewise(VectorOperators.LSHR, 4 * k).selectFrom(codes).reinterpretAsFloats();
                q1 = w1.lanewise(VectorOperators.LSHR, 4 * k).selectFrom(codes).reinterpretAsFloats();
                int o = c + k * L;
                v = FloatVector.fromArray(FLOATS, planes, p0 + o);
                d00 = q0.fma(v, d00);
                d10 = q1.fma(v, d10);
                v = FloatVector.fromArray(FLOATS, planes, p1 + o);
                d01 = q0.fma(v, d01);
                d11 = q1.fma(v, d11);
                v = FloatVector.fromArray(FLOATS, planes, p2 + o);
                d02 = q0.fma(v, d02);
                d12 = q1.fma(v, d12);
                v = FloatVector.fromArray(FLOATS, planes, p3 + o);
                d03 = q0.fma(v, d03);
                d13 = q1.fma(v, d13);
            }
            int g = 8 * j / groupSize;
            FloatVector s0 = FloatVector.fromArray(FLOATS, scratch, g).rearrange(groupOfLane);
            FloatVector s1 = FloatVector.fromArray(FLOATS, scratch, secondScales + g).rearrange(groupOfLane);
            a00 = d00.fma(s0, a00);
            a01 = d01.fma(s0, a01);
            a02 = d02.fma(s0, a02);
            a03 = d03.fma(s0, a03);
            a10 = d10.fma(s1, a10);
            a11 = d11.fma(s1, a11);
            a12 = d12.fma(s1, a12);
            a13 = d13.fma(s1, a13);
        }
        int o = t * rows + r;
        out[o] = a00.reduceLanes(VectorOperators.ADD) + tail(row0, x, t, vectorCols, scratch, 0);
        out[o + 1] = a10.reduceLanes(VectorOperators.ADD) + tail(row1, x, t, vectorCols, scratch, secondScales);
        o += rows;
        out[o] = a01.reduceLanes(VectorOperators.ADD) + tail(row0, x, t + 1, vectorCols, scratch, 0);
        out[o + 1] = a11.reduceLanes(VectorOperators.ADD) + tail(row1, x, t + 1, vectorCols, scratch, secondScales);
        o += rows;
        out[o] = a02.reduceLanes(VectorOperators.ADD) + tail(row0, x, t + 2, vectorCols, scratch, 0);
        out[o + 1] = a12.reduceLanes(VectorOperators.ADD) + tail(row1, x, t + 2, vectorCols, scratch, secondScales);
        o += rows;
        out[o] = a03.reduceLanes(VectorOperators.ADD) + tail(row0, x, t + 3, vectorCols, scratch, 0);
        out[o + 1] = a13.reduceLanes(VectorOperators.ADD) + tail(row1, x, t + 3, vectorCols, scratch, secondScales);
    }

    private void dotFour(int r, InterleavedActivations x, int t, float[] out, float[] scratch) {
        long row = 4L * r * wordsPerRow;
        float[] planes = x.planes();
        float[] wordSums = x.wordSums();
        int vectorCols = x.vectorCols();
        int p0 = t * vectorCols;
        int p1 = p0 + vectorCols;
        int p2 = p1 + vectorCols;
        int p3 = p2 + vectorCols;
        int words = vectorCols / 8;
        int s0 = t * words;
        int zeros = groups + L;
        boolean symmetric = zeroPoints == null;
        IntVector codes = this.codes;
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = FloatVector.zero(FLOATS);
        FloatVector a2 = FloatVector.zero(FLOATS);
        FloatVector a3 = FloatVector.zero(FLOATS);
        for (int j = 0; j < words; j += L) {
            IntVector w = IntVector.fromMemorySegment(INTS, packed, row + 4L * j, LE);
            int c = 8 * j;
            FloatVector q = w.selectFrom(codes).reinterpretAsFloats();
            FloatVector d0 = q.mul(FloatVector.fromArray(FLOATS, planes, p0 + c));
            FloatVector d1 = q.mul(FloatVector.fromArray(FLOATS, planes, p1 + c));
            FloatVector d2 = q.mul(FloatVector.fromArray(FLOATS, planes, p2 + c));
            FloatVector d3 = q.mul(FloatVector.fromArray(FLOATS, planes, p3 + c));
            for (int k = 1; k < 8; k++) {
                q = w.lanewise(VectorOperators.LSHR, 4 * k).selectFrom(codes).reinterpretAsFloats();
                int o = c + k * L;
                d0 = q.fma(FloatVector.fromArray(FLOATS, planes, p0 + o), d0);
                d1 = q.fma(FloatVector.fromArray(FLOATS, planes, p1 + o), d1);
                d2 = q.fma(FloatVector.fromArray(FLOATS, planes, p2 + o), d2);
                d3 = q.fma(FloatVector.fromArray(FLOATS, planes, p3 + o), d3);
            }
            int g = 8 * j / groupSize;
            if (!symmetric) {
                FloatVector zero = FloatVector.fromArray(FLOATS, scratch, zeros + g).rearrange(groupOfLane);
                d0 = zero.fma(FloatVector.fromArray(FLOATS, wordSums, s0 + j), d0);
                d1 = zero.fma(FloatVector.fromArray(FLOATS, wordSums, s0 + words + j), d1);
                d2 = zero.fma(FloatVector.fromArray(FLOATS, wordSums, s0 + 2 * words + j), d2);
                d3 = zero.fma(FloatVector.fromArray(FLOATS, wordSums, s0 + 3 * words + j), d3);
            }
            FloatVector scale = FloatVector.fromArray(FLOATS, scratch, g).rearrange(groupOfLane);
            a0 = d0.fma(scale, a0);
            a1 = d1.fma(scale, a1);
            a2 = d2.fma(scale, a2);
            a3 = d3.fma(scale, a3);
        }
        out[t * rows + r] = a0.reduceLanes(VectorOperators.ADD) + tail(row, x, t, vectorCols, scratch);
        out[(t + 1) * rows + r] = a1.reduceLanes(VectorOperators.ADD) + tail(row, x, t + 1, vectorCols, scratch);
        out[(t + 2) * rows + r] = a2.reduceLanes(VectorOperators.ADD) + tail(row, x, t + 2, vectorCols, scratch);
        out[(t + 3) * rows + r] = a3.reduceLanes(VectorOperators.ADD) + tail(row, x, t + 3, vectorCols, scratch);
    }


    @Override
    boolean accumulatesRows() {
        return vectorizable;
    }

    @Override
    void accumulateRow(int r, float coefficient, float[] acc, float[] scratch) {
        decodeRowParameters(r, scratch);
        long row = 4L * r * wordsPerRow;
        int vectorCols = cols - cols % (8 * L);
        int zeros = groups + L;
        boolean symmetric = zeroPoints == null;
        IntVector codes = this.codes;
        for (int j = 0; j < vectorCols / 8; j += L) {
            IntVector w = IntVector.fromMemorySegment(INTS, packed, row + 4L * j, LE);
            int c = 8 * j;
            int g = 8 * j / groupSize;
            FloatVector zero = symmetric ? FloatVector.zero(FLOATS) : FloatVector.fromArray(FLOATS, scratch, zeros + g).rearrange(groupOfLane);
            FloatVector scale = FloatVector.fromArray(FLOATS, scratch, g).rearrange(groupOfLane).mul(coefficient);
            for (int k = 0; k < 8; k++) {
                FloatVector q = w.lanewise(VectorOperators.LSHR, 4 * k).selectFrom(codes).reinterpretAsFloats();
                int o = c + k * L;
                q.add(zero).fma(scale, FloatVector.fromArray(FLOATS, acc, o)).intoArray(acc, o);
            }
        }
        for (int c = vectorCols; c < cols; c++) {
            int n = (packed.get(INT, row + 4L * (c / 8)) >>> (4 * (c % 8))) & 0xF;
            int g = c / groupSize;
            acc[c] += (n + zeroOf(g, scratch)) * (coefficient * scratch[g]);
        }
    }

    private float tail(long row, InterleavedActivations x, int t, int from, float[] scratch) {
        return tail(row, x, t, from, scratch, 0);
    }

    /** The columns from {@code from} on, one at a time, with the row's scales at {@code scratch[scales ..]}. */
    private float tail(long row, InterleavedActivations x, int t, int from, float[] scratch, int scales) {
        float[] input = x.x();
        int base = t * cols;
        float sum = 0;
        for (int c = from; c < cols; c++) {
            int n = (packed.get(INT, row + 4L * (c / 8)) >>> (4 * (c % 8))) & 0xF;
            int g = c / groupSize;
            sum += (n + zeroOf(g, scratch)) * scratch[scales + g] * input[base + c];
        }
        return sum;
    }

    /** The negated zero point of group {@code g} of the row whose parameters {@code scratch} holds. */
    private float zeroOf(int g, float[] scratch) {
        return zeroPoints == null ? -8f : scratch[groups + L + g];
    }
}
