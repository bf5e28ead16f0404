package dev.latte.model;

import java.lang.foreign.MemorySegment;

/**
 * A weight stored as plain F32, F16 or BF16 values, row-major {@code [rows, cols]}.
 *
 * @param data {@code rows × cols} elements of {@code encoding}, little-endian, in the mapped file
 */
public record DenseWeight(String name, WeightEncoding encoding, int rows, int cols, MemorySegment data)
        implements WeightTensor {

    public DenseWeight {
        if (encoding != WeightEncoding.F32 && encoding != WeightEncoding.F16 && encoding != WeightEncoding.BF16) {
            throw new IllegalArgumentException(name + ": a dense weight cannot be " + encoding);
        }
    }

    @Override
    public void decodeRow(int row, float[] dst, int offset) {
        long base = (long) row * cols;
        switch (encoding) {
            case F32 -> {
                for (int c = 0; c < cols; c++) {
                    dst[offset + c] = data.get(LittleEndian.FLOAT, (base + c) * 4);
                }
            }
            case BF16 -> {
                for (int c = 0; c < cols; c++) {
                    dst[offset + c] = Float.intBitsToFloat((data.get(LittleEndian.SHORT, (base + c) * 2) & 0xFFFF) << 16);
                }
            }
            case F16 -> {
                for (int c = 0; c < cols; c++) {
                    dst[offset + c] = Float.float16ToFloat(data.get(LittleEndian.SHORT, (base + c) * 2));
                }
            }
            default -> throw new IllegalStateException(encoding.name());
        }
    }
}
