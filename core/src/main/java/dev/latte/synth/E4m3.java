package dev.latte.synth;

/**
 * The FP8 E4M3FN format of DeepSeek-V3's weights (spec §8.2): sign, 4 exponent bits (bias 7),
 * 3 mantissa bits, no infinities, NaN at {@code 0x7F}/{@code 0xFF}, largest finite value 448.
 */
final class E4m3 {
    /** The largest finite magnitude. */
    static final float MAX = 448f;

    private E4m3() {
    }

    /** The value of code {@code code} (NaN for the two NaN codes). */
    static float decode(int code) {
        int exponent = (code >>> 3) & 0xF;
        int mantissa = code & 7;
        float magnitude;
        if (exponent == 0xF && mantissa == 7) {
            magnitude = Float.NaN;
        } else if (exponent == 0) {
            magnitude = mantissa / 8f * 0x1p-6f;
        } else {
            magnitude = (1 + mantissa / 8f) * Math.scalb(1f, exponent - 7);
        }
        return (code & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** The finite code nearest to {@code value}, which must lie within ±{@link #MAX}. */
    static byte encode(float value) {
        float magnitude = Math.abs(value);
        if (!(magnitude <= MAX)) {
            throw new IllegalArgumentException(value + " is outside the finite range of E4M3");
        }
        int best = 0;
        for (int code = 1; code < 0x7F; code++) {
            if (Math.abs(decode(code) - magnitude) < Math.abs(decode(best) - magnitude)) {
                best = code;
            }
        }
        return (byte) (value < 0 ? best | 0x80 : best);
    }
}
