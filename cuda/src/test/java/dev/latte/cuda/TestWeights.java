package dev.latte.cuda;

import dev.latte.model.DType;
import dev.latte.model.DenseWeight;
import dev.latte.model.Fp8BlockWeight;
import dev.latte.model.Int4GroupWeight;
import dev.latte.model.LittleEndian;
import dev.latte.model.StoredTensor;
import dev.latte.model.WeightEncoding;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Random weights in every stored encoding, laid out as a safetensors file would hold them. */
final class TestWeights {

    private TestWeights() {
    }

    /** {@code count} values uniform in [−1, 1). */
    static float[] randomValues(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    /** A dense weight holding {@code values} (rounded to the encoding). */
    static DenseWeight dense(String name, WeightEncoding encoding, int rows, int cols, float[] values) {
        MemorySegment data;
        switch (encoding) {
            case F32 -> {
                data = MemorySegment.ofArray(new byte[4 * rows * cols]);
                for (int i = 0; i < rows * cols; i++) {
                    data.set(LittleEndian.FLOAT, 4L * i, values[i]);
                }
            }
            case BF16 -> {
                data = MemorySegment.ofArray(new byte[2 * rows * cols]);
                short[] bits = bf16Bits(values);
                for (int i = 0; i < rows * cols; i++) {
                    data.set(LittleEndian.SHORT, 2L * i, bits[i]);
                }
            }
            case F16 -> {
                data = MemorySegment.ofArray(new byte[2 * rows * cols]);
                for (int i = 0; i < rows * cols; i++) {
                    data.set(LittleEndian.SHORT, 2L * i, Float.floatToFloat16(values[i]));
                }
            }
            default -> throw new IllegalArgumentException(encoding.name());
        }
        return new DenseWeight(name, encoding, rows, cols, data);
    }

    /** bfloat16 bits of {@code values}, rounded to nearest even. */
    static short[] bf16Bits(float[] values) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            int raw = Float.floatToRawIntBits(values[i]);
            bits[i] = (short) ((raw + 0x7FFF + ((raw >>> 16) & 1)) >>> 16);
        }
        return bits;
    }

    /** Random e4m3 bytes (never the NaN codes) with random positive block scales. */
    static Fp8BlockWeight fp8(String name, int rows, int cols, int blockRows, int blockCols, long seed) {
        Random random = new Random(seed);
        byte[] values = new byte[rows * cols];
        for (int i = 0; i < values.length; i++) {
            int b;
            do {
                b = random.nextInt(256);
            } while ((b & 0x7F) == 0x7F);
            values[i] = (byte) b;
        }
        int scaleRows = (rows + blockRows - 1) / blockRows;
        int scaleCols = (cols + blockCols - 1) / blockCols;
        MemorySegment scales = MemorySegment.ofArray(new byte[4 * scaleRows * scaleCols]);
        for (int i = 0; i < scaleRows * scaleCols; i++) {
            scales.set(LittleEndian.FLOAT, 4L * i, 1e-3f + random.nextFloat() * 1e-2f);
        }
        return new Fp8BlockWeight(name, rows, cols, MemorySegment.ofArray(values), scales, blockRows, blockCols);
    }

    /** Random packed nibbles, symmetric, with random BF16 group scales. */
    static Int4GroupWeight int4(String name, int rows, int cols, int groupSize, long seed) {
        Random random = new Random(seed);
        int words = (cols + 7) / 8;
        MemorySegment packed = MemorySegment.ofArray(new byte[4 * rows * words]);
        for (int i = 0; i < rows * words; i++) {
            packed.set(LittleEndian.INT, 4L * i, random.nextInt());
        }
        int groups = (cols + groupSize - 1) / groupSize;
        float[] scaleValues = new float[rows * groups];
        for (int i = 0; i < scaleValues.length; i++) {
            scaleValues[i] = 0.01f + random.nextFloat() * 0.05f;
        }
        short[] bits = bf16Bits(scaleValues);
        MemorySegment scales = MemorySegment.ofArray(new byte[2 * bits.length]);
        for (int i = 0; i < bits.length; i++) {
            scales.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * i, bits[i]);
        }
        StoredTensor scaleTensor = new StoredTensor(name + "_scale", DType.BF16, new long[] {rows, groups}, scales);
        return new Int4GroupWeight(name, rows, cols, packed, scaleTensor, null, groupSize);
    }
}
