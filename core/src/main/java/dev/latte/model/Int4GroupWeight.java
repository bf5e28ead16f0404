package dev.latte.model;

import java.lang.foreign.MemorySegment;

/**
 * A compressed-tensors {@code pack-quantized} 4-bit weight (as Kimi-K2-Thinking ships its experts).
 *
 * <p>Column {@code c} of row {@code r} is nibble {@code c % 8} (low nibble first) of int32
 * {@code packed[r][c / 8]}, stored as {@code q + 8} for a signed {@code q ∈ [−8, 7]}. The weight is
 * {@code W[r][c] = (q − z) · scale[r][c / groupSize]}, where {@code z = 0} when symmetric and
 * otherwise nibble {@code r % 8} of {@code zeroPoints[r / 8][c / groupSize]}, minus 8.
 *
 * @param packed     {@code rows × ceil(cols/8)} int32 words, row-major
 * @param scales     {@code [rows, ceil(cols/groupSize)]} scales (F32, F16 or BF16)
 * @param zeroPoints {@code ceil(rows/8) × ceil(cols/groupSize)} int32 words, or {@code null} when symmetric
 */
public record Int4GroupWeight(String name, int rows, int cols, MemorySegment packed, StoredTensor scales,
                              MemorySegment zeroPoints, int groupSize) implements WeightTensor {

    @Override
    public WeightEncoding encoding() {
        return WeightEncoding.INT4_GROUP;
    }

    /** Int32 words per packed row. */
    public int wordsPerRow() {
        return (cols + 7) / 8;
    }

    /** Number of column groups (scales per row). */
    public int groups() {
        return (cols + groupSize - 1) / groupSize;
    }

    /** Whether the weight has no zero points. */
    public boolean symmetric() {
        return zeroPoints == null;
    }

    /** The signed zero point of row {@code row}, group {@code group} (0 when symmetric). */
    public int zeroPoint(int row, int group) {
        if (zeroPoints == null) {
            return 0;
        }
        int word = zeroPoints.get(LittleEndian.INT, ((long) (row / 8) * groups() + group) * 4);
        return ((word >>> (4 * (row % 8))) & 0xF) - 8;
    }

    @Override
    public void decodeRow(int row, float[] dst, int offset) {
        long wordBase = (long) row * wordsPerRow();
        long scaleBase = (long) row * groups();
        for (int group = 0; group < groups(); group++) {
            float scale = scales.getFloat(scaleBase + group);
            int zero = zeroPoint(row, group);
            int end = Math.min(cols, (group + 1) * groupSize);
            for (int c = group * groupSize; c < end; c++) {
                int word = packed.get(LittleEndian.INT, (wordBase + c / 8) * 4);
                int q = ((word >>> (4 * (c % 8))) & 0xF) - 8;
                dst[offset + c] = (q - zero) * scale;
            }
        }
    }
}
