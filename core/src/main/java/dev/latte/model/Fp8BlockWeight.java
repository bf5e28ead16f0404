package dev.latte.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A float8 e4m3fn weight with one float32 scale per block: {@code W[r][c] = fp8(values[r][c]) ·
 * scales[r / blockRows][c / blockCols]} (DeepSeek-V3's {@code weight_scale_inv}; edge blocks may be
 * partial).
 *
 * @param values {@code rows × cols} bytes, row-major
 * @param scales {@code ceil(rows/blockRows) × ceil(cols/blockCols)} float32 values, row-major
 */
public record Fp8BlockWeight(String name, int rows, int cols, MemorySegment values, MemorySegment scales,
                             int blockRows, int blockCols) implements WeightTensor {

    @Override
    public WeightEncoding encoding() {
        return WeightEncoding.FP8_E4M3_BLOCK;
    }

    /** Columns of the scale grid. */
    public int scaleCols() {
        return (cols + blockCols - 1) / blockCols;
    }

    /** The scale of block ({@code blockRow}, {@code blockCol}). */
    public float scale(int blockRow, int blockCol) {
        return scales.get(LittleEndian.FLOAT, ((long) blockRow * scaleCols() + blockCol) * 4);
    }

    @Override
    public void decodeRow(int row, float[] dst, int offset) {
        long base = (long) row * cols;
        int blockRow = row / blockRows;
        for (int start = 0; start < cols; start += blockCols) {
            float scale = scale(blockRow, start / blockCols);
            int end = Math.min(cols, start + blockCols);
            for (int c = start; c < end; c++) {
                dst[offset + c] = Fp8E4M3.decode(values.get(ValueLayout.JAVA_BYTE, base + c)) * scale;
            }
        }
    }
}
