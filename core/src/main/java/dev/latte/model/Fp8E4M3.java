package dev.latte.model;

/**
 * Decoding of float8 e4m3fn ({@code s eeee mmm}, bias 7, no infinities, {@code 0x7F}/{@code 0xFF}
 * NaN), the element type of DeepSeek-V3's FP8 weights.
 */
public final class Fp8E4M3 {
    private static final float[] VALUES = new float[256];

    static {
        for (int bits = 0; bits < 256; bits++) {
            VALUES[bits] = compute(bits);
        }
    }

    private Fp8E4M3() {
    }

    /** The value of the byte {@code bits} (only its low 8 bits are read). */
    public static float decode(int bits) {
        return VALUES[bits & 0xFF];
    }

    /** A copy of the 256-entry table, indexed by the unsigned byte; for backends that keep their own. */
    public static float[] table() {
        return VALUES.clone();
    }

    private static float compute(int bits) {
        int exponent = (bits >>> 3) & 0xF;
        int mantissa = bits & 7;
        float magnitude;
        if (exponent == 0xF && mantissa == 7) {
            magnitude = Float.NaN;
        } else if (exponent == 0) {
            magnitude = Math.scalb(mantissa / 8f, -6);
        } else {
            magnitude = Math.scalb(1 + mantissa / 8f, exponent - 7);
        }
        return (bits & 0x80) != 0 ? -magnitude : magnitude;
    }
}
