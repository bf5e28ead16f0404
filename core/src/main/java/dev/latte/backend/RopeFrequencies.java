package dev.latte.backend;

/**
 * The rotary frequencies of one model (YaRN-corrected when the config asks for it), one per pair
 * of rotated dimensions. The angle of pair {@code i} at position {@code p} is the float32 product
 * {@code (float) p * inverseFrequencies[i]}, as DeepSeek's reference computes it.
 *
 * @param inverseFrequencies {@code [ropeDim / 2]}
 */
public record RopeFrequencies(float[] inverseFrequencies) {

    /** Rotated dimensions: twice the number of pairs. */
    public int ropeDim() {
        return inverseFrequencies.length * 2;
    }

    /** The angle of pair {@code pair} at position {@code position}. */
    public float angle(int position, int pair) {
        return (float) position * inverseFrequencies[pair];
    }
}
