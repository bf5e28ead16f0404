package dev.latte.synth;

import dev.latte.model.Fp8E4M3;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * How the bytes of one synthetic tensor are drawn. Byte {@code b} of a tensor depends only on the
 * tensor's random stream and {@code b}: each implementation turns random word {@code i} into bytes
 * {@code [i·bytesPerWord(), (i+1)·bytesPerWord())}, so a tensor can be filled in slices.
 */
sealed interface TensorContent {
    ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** How many bytes of the tensor one random word makes. */
    int bytesPerWord();

    /**
     * Writes the tensor's bytes {@code [firstByte, firstByte + out.byteSize())} into {@code out}.
     *
     * @param firstByte a multiple of {@link #bytesPerWord()}
     * @param key the tensor's random stream
     */
    void fill(MemorySegment out, long firstByte, long key);

    /** BF16 values uniform in {@code center ± halfWidth}, 16 random bits each. */
    record UniformBf16(float center, float halfWidth) implements TensorContent {
        @Override
        public int bytesPerWord() {
            return 8;
        }

        @Override
        public void fill(MemorySegment out, long firstByte, long key) {
            float c = center;
            float h = halfWidth;
            long firstWord = firstByte / 8;
            long words = out.byteSize() / 8;
            for (long w = 0; w < words; w++) {
                long random = RandomBits.at(key, firstWord + w);
                out.set(WORD, w * 8, bf16(c, h, random & 0xFFFF) | bf16(c, h, (random >>> 16) & 0xFFFF) << 16
                        | bf16(c, h, (random >>> 32) & 0xFFFF) << 32 | bf16(c, h, random >>> 48) << 48);
            }
            long random = RandomBits.at(key, firstWord + words);
            for (long b = words * 8; b < out.byteSize(); b += 2) {
                out.set(HALF, b, (short) bf16(c, h, random & 0xFFFF));
                random >>>= 16;
            }
        }

        /** Rounds half away from zero rather than to even: the values only need to be random, not exact. */
        private static long bf16(float center, float halfWidth, long sixteenBits) {
            return (Float.floatToRawIntBits(center + halfWidth * UnitValues.TABLE[(int) sixteenBits]) + 0x8000) >>> 16;
        }
    }

    /** F32 values uniform in {@code center ± halfWidth}, 32 random bits each. */
    record UniformF32(float center, float halfWidth) implements TensorContent {
        @Override
        public int bytesPerWord() {
            return 8;
        }

        @Override
        public void fill(MemorySegment out, long firstByte, long key) {
            long firstWord = firstByte / 8;
            long values = out.byteSize() / 4;
            for (long v = 0; v < values; v++) {
                long random = RandomBits.at(key, firstWord + v / 2);
                long bits = (v & 1) == 0 ? random & 0xFFFFFFFFL : random >>> 32;
                out.set(FLOAT, v * 4, center + halfWidth * ((bits >>> 8) * 0x1p-23f - 1f));
            }
        }
    }

    /** The points {@code (i + ½)/2¹⁵ − 1} of [−1, 1) for each 16-bit number {@code i}. */
    final class UnitValues {
        static final float[] TABLE = new float[1 << 16];

        static {
            for (int i = 0; i < TABLE.length; i++) {
                TABLE[i] = (i + 0.5f) * 0x1p-15f - 1f;
            }
        }

        private UnitValues() {
        }
    }

    /**
     * FP8 E4M3 codes of values uniform in ±448 (the full finite range, as block-quantised weights
     * use it), 16 random bits each; the block scales give them their size.
     */
    record Fp8Codes() implements TensorContent {
        /** The largest finite E4M3 magnitude. */
        static final float MAX = 448f;
        /** The standard deviation of the decoded codes: that of a uniform distribution on ±448. */
        static final double STANDARD_DEVIATION = MAX / Math.sqrt(3);

        @Override
        public int bytesPerWord() {
            return 4;
        }

        @Override
        public void fill(MemorySegment out, long firstByte, long key) {
            byte[] codes = UniformCodes.TABLE;
            long firstWord = firstByte / 4;
            long words = out.byteSize() / 4;
            for (long w = 0; w < words; w++) {
                long random = RandomBits.at(key, firstWord + w);
                int four = (codes[(int) (random & 0xFFFF)] & 0xFF)
                        | (codes[(int) ((random >>> 16) & 0xFFFF)] & 0xFF) << 8
                        | (codes[(int) ((random >>> 32) & 0xFFFF)] & 0xFF) << 16
                        | (codes[(int) (random >>> 48)] & 0xFF) << 24;
                out.set(INT, w * 4, four);
            }
            long random = RandomBits.at(key, firstWord + words);
            for (long b = words * 4; b < out.byteSize(); b++) {
                out.set(ValueLayout.JAVA_BYTE, b, codes[(int) (random & 0xFFFF)]);
                random >>>= 16;
            }
        }

        /** Code for each 16-bit random number: the nearest E4M3 value to a uniform point of ±448. */
        private static final class UniformCodes {
            static final byte[] TABLE = new byte[1 << 16];

            static {
                for (int i = 0; i < TABLE.length; i++) {
                    TABLE[i] = nearestCode(UnitValues.TABLE[i] * MAX);
                }
            }

            /** The finite code nearest to {@code value}, by search over the 126 positive finite codes. */
            private static byte nearestCode(float value) {
                float magnitude = Math.abs(value);
                int best = 0;
                for (int code = 1; code < 0x7F; code++) {
                    if (Math.abs(Fp8E4M3.decode(code) - magnitude) < Math.abs(Fp8E4M3.decode(best) - magnitude)) {
                        best = code;
                    }
                }
                return (byte) (value < 0 ? best | 0x80 : best);
            }
        }
    }

    /**
     * Packed signed 4-bit values uniform in {@code [-7, 7]} (what symmetric quantisation with
     * {@code scale = max/7} produces), eight per little-endian int32 with the lowest column in the
     * lowest nibble and {@code q} stored as {@code q + 8} (compressed-tensors {@code pack-quantized}).
     */
    record Int4Nibbles() implements TensorContent {
        /** The standard deviation of values uniform in {@code [-7, 7]}: √(2·(1²+…+7²)/15). */
        static final double STANDARD_DEVIATION = Math.sqrt(280.0 / 15);

        @Override
        public int bytesPerWord() {
            return 4;
        }

        @Override
        public void fill(MemorySegment out, long firstByte, long key) {
            byte[] pairs = NibblePairs.TABLE;
            long firstWord = firstByte / 4;
            long words = out.byteSize() / 4;
            for (long w = 0; w < words; w++) {
                long random = RandomBits.at(key, firstWord + w);
                out.set(INT, w * 4, (pairs[(int) (random & 0xFFFF)] & 0xFF)
                        | (pairs[(int) ((random >>> 16) & 0xFFFF)] & 0xFF) << 8
                        | (pairs[(int) ((random >>> 32) & 0xFFFF)] & 0xFF) << 16
                        | (pairs[(int) (random >>> 48)] & 0xFF) << 24);
            }
        }

        /** Two stored nibbles {@code q + 8 ∈ [1, 15]} for each 16-bit number, one from each of its bytes. */
        private static final class NibblePairs {
            static final byte[] TABLE = new byte[1 << 16];

            static {
                for (int i = 0; i < TABLE.length; i++) {
                    int low = 1 + ((i & 0xFF) * 15 >>> 8);
                    int high = 1 + ((i >>> 8) * 15 >>> 8);
                    TABLE[i] = (byte) (low | high << 4);
                }
            }
        }
    }

    /** Fixed int32 values, e.g. the {@code weight_shape} of a packed INT4 tensor. */
    record Int32Values(int... values) implements TensorContent {
        public Int32Values {
            values = values.clone();
        }

        @Override
        public int bytesPerWord() {
            return 4;
        }

        @Override
        public void fill(MemorySegment out, long firstByte, long key) {
            for (long b = 0; b < out.byteSize(); b += 4) {
                out.set(INT, b, values[(int) ((firstByte + b) / 4)]);
            }
        }
    }
}
