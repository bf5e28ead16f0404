package dev.latte.backend.simd;

import dev.latte.model.DType;
import dev.latte.model.DenseWeight;
import dev.latte.model.Fp8BlockWeight;
import dev.latte.model.Int4GroupWeight;
import dev.latte.model.StoredTensor;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/** Random weights in each stored encoding, sized so that products of unit-scale inputs stay of order one. */
final class RandomWeights {
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena;

    RandomWeights(Arena arena) {
        this.arena = arena;
    }

    WeightTensor weight(String encoding, String name, int rows, int cols, Random random) {
        return switch (encoding) {
            case "BF16" -> bf16(name, rows, cols, random);
            case "FP8" -> fp8(name, rows, cols, random);
            case "INT4" -> int4(name, rows, cols, random);
            default -> throw new IllegalArgumentException(encoding);
        };
    }

    private DenseWeight bf16(String name, int rows, int cols, Random random) {
        MemorySegment data = arena.allocate(2L * rows * cols);
        double scale = 1 / Math.sqrt(cols);
        for (long i = 0; i < (long) rows * cols; i++) {
            data.set(HALF, 2 * i, (short) (Float.floatToRawIntBits((float) (scale * random.nextGaussian())) >>> 16));
        }
        return new DenseWeight(name, WeightEncoding.BF16, rows, cols, data);
    }

    /** e4m3 values of magnitude below 2^3 (no NaN codes), block scales of order {@code 1/(4√cols)}. */
    private Fp8BlockWeight fp8(String name, int rows, int cols, Random random) {
        int blockRows = 16;
        int blockCols = 32;
        MemorySegment values = arena.allocate((long) rows * cols);
        for (long i = 0; i < (long) rows * cols; i++) {
            int bits;
            do {
                bits = random.nextInt(256);
            } while ((bits & 0x7F) == 0x7F || (bits & 0x78) > 0x48);
            values.set(ValueLayout.JAVA_BYTE, i, (byte) bits);
        }
        int scaleCount = ((rows + blockRows - 1) / blockRows) * ((cols + blockCols - 1) / blockCols);
        MemorySegment scales = arena.allocate(4L * scaleCount);
        for (int i = 0; i < scaleCount; i++) {
            scales.set(FLOAT, 4L * i, (float) ((0.5 + random.nextDouble()) / (4 * Math.sqrt(cols))));
        }
        return new Fp8BlockWeight(name, rows, cols, values, scales, blockRows, blockCols);
    }

    /** Random nibbles with asymmetric zero points and BF16 group scales of order {@code 1/(8√cols)}. */
    private Int4GroupWeight int4(String name, int rows, int cols, Random random) {
        int groupSize = 32;
        int words = (cols + 7) / 8;
        int groups = (cols + groupSize - 1) / groupSize;
        MemorySegment packed = arena.allocate(4L * rows * words);
        for (long i = 0; i < (long) rows * words; i++) {
            packed.set(INT, 4 * i, random.nextInt());
        }
        MemorySegment scales = arena.allocate(2L * rows * groups);
        for (long i = 0; i < (long) rows * groups; i++) {
            float scale = (float) ((0.5 + random.nextDouble()) / (8 * Math.sqrt(cols)));
            scales.set(HALF, 2 * i, (short) (Float.floatToRawIntBits(scale) >>> 16));
        }
        MemorySegment zeroPoints = arena.allocate(4L * ((rows + 7) / 8) * groups);
        for (long i = 0; i < (long) ((rows + 7) / 8) * groups; i++) {
            zeroPoints.set(INT, 4 * i, random.nextInt());
        }
        StoredTensor scaleTensor = new StoredTensor(name + "_scale", DType.BF16, new long[] {rows, groups}, scales);
        return new Int4GroupWeight(name, rows, cols, packed, scaleTensor, zeroPoints, groupSize);
    }
}
