package dev.latte.synth;

import java.nio.charset.StandardCharsets;

/**
 * Counter-based pseudo-random words: word {@code i} of stream {@code key} is a pure function of
 * both (the SplitMix64 finaliser applied to {@code key + i·γ}), so any slice of a tensor can be
 * generated on its own, by any thread, and a checkpoint is byte-identical however its writing is
 * split up.
 */
final class RandomBits {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private RandomBits() {
    }

    /** Word {@code index} of stream {@code key}. */
    static long at(long key, long index) {
        return mix(key + index * GOLDEN_GAMMA);
    }

    /** The stream key of the tensor {@code name} in a checkpoint written with {@code seed}. */
    static long key(long seed, String name) {
        long hash = 0xCBF29CE484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return mix(mix(seed) ^ hash);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
