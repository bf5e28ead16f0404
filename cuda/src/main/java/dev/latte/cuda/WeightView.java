package dev.latte.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * How every kernel sees a weight matrix: {@code struct WeightView} of {@code latte_common.cuh},
 * passed to kernels by value (64 bytes).
 *
 * @param data      device pointer to row 0; rows are {@code rowStride} bytes apart (a multiple of 16)
 * @param scales    device pointer to the scales (FP8 block grid, INT4 group scales), or 0
 * @param zeros     device pointer to packed INT4 zero points, or 0
 * @param encoding  one of the {@code ENCODING_*} numbers
 * @param scaleType the INT4 scales' element type: {@link #SCALE_F32}, {@link #SCALE_F16}, {@link #SCALE_BF16}
 * @param scaleCols columns of the scale grid (FP8) or groups per row (INT4)
 * @param blockRows rows per FP8 scale block
 * @param blockCols columns per FP8 scale block, or the INT4 group size
 */
public record WeightView(long data, long scales, long zeros, long rowStride, int rows, int cols, int encoding,
                         int scaleType, int scaleCols, int blockRows, int blockCols) {
    public static final int ENCODING_F32 = 0;
    public static final int ENCODING_F16 = 1;
    public static final int ENCODING_BF16 = 2;
    public static final int ENCODING_FP8_BLOCK = 3;
    public static final int ENCODING_INT4_GROUP = 4;
    public static final int SCALE_F32 = 0;
    public static final int SCALE_F16 = 1;
    public static final int SCALE_BF16 = 2;

    /** The C struct, field by field. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("data"),
            ADDRESS.withName("scales"),
            ADDRESS.withName("zeros"),
            JAVA_LONG.withName("rowStride"),
            JAVA_INT.withName("rows"),
            JAVA_INT.withName("cols"),
            JAVA_INT.withName("encoding"),
            JAVA_INT.withName("scaleType"),
            JAVA_INT.withName("scaleCols"),
            JAVA_INT.withName("blockRows"),
            JAVA_INT.withName("blockCols"),
            JAVA_INT.withName("reserved"));

    /** Byte offset of {@code field} in the struct. */
    public static long offsetOf(String field) {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /** Writes the struct's bytes at the start of {@code target}. */
    public void writeTo(MemorySegment target) {
        target.set(JAVA_LONG, offsetOf("data"), data);
        target.set(JAVA_LONG, offsetOf("scales"), scales);
        target.set(JAVA_LONG, offsetOf("zeros"), zeros);
        target.set(JAVA_LONG, offsetOf("rowStride"), rowStride);
        target.set(JAVA_INT, offsetOf("rows"), rows);
        target.set(JAVA_INT, offsetOf("cols"), cols);
        target.set(JAVA_INT, offsetOf("encoding"), encoding);
        target.set(JAVA_INT, offsetOf("scaleType"), scaleType);
        target.set(JAVA_INT, offsetOf("scaleCols"), scaleCols);
        target.set(JAVA_INT, offsetOf("blockRows"), blockRows);
        target.set(JAVA_INT, offsetOf("blockCols"), blockCols);
        target.set(JAVA_INT, offsetOf("reserved"), 0);
    }
}
