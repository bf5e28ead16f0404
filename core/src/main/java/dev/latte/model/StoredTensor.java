package dev.latte.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One entry of a safetensors file: its name, element type, shape and the slice of the mapped file
 * holding its bytes (row-major, little-endian). The header's byte length has been checked against
 * {@code shape × dtype size} when the file was opened.
 *
 * @param data exactly the tensor's bytes, a slice of the mapped file
 */
public record StoredTensor(String name, DType dtype, long[] shape, MemorySegment data) {

    /** Number of elements: the product of the shape (1 for a scalar). */
    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** Element {@code index} (row-major) of a floating-point tensor, as float32. */
    public float getFloat(long index) {
        return switch (dtype) {
            case F32 -> data.get(LittleEndian.FLOAT, index * 4);
            case BF16 -> Float.intBitsToFloat((data.get(LittleEndian.SHORT, index * 2) & 0xFFFF) << 16);
            case F16 -> Float.float16ToFloat(data.get(LittleEndian.SHORT, index * 2));
            case F8_E4M3 -> Fp8E4M3.decode(data.get(ValueLayout.JAVA_BYTE, index));
            default -> throw new IllegalStateException(name + " holds " + dtype + ", not floating-point values");
        };
    }

    /** Element {@code index} of an I32 tensor. */
    public int getInt(long index) {
        if (dtype != DType.I32) {
            throw new IllegalStateException(name + " holds " + dtype + ", not I32");
        }
        return data.get(LittleEndian.INT, index * 4);
    }

    /** The shape as {@code [a, b, ...]}, for messages. */
    public String shapeString() {
        return Arrays.toString(shape);
    }
}
