package dev.latte.tokenizer;

import java.util.Arrays;

/**
 * Consecutive spans {@code [start, end)} covering a piece of text, each flagged as a match of a
 * split pattern or as the gap between two matches.
 */
final class Spans {
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] matched = new boolean[16];
    private int size;

    void clear() {
        size = 0;
    }

    void add(int start, int end, boolean isMatch) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            matched = Arrays.copyOf(matched, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        matched[size] = isMatch;
        size++;
    }

    /** Moves every span {@code offset} characters on. */
    void shift(int offset) {
        for (int i = 0; i < size; i++) {
            starts[i] += offset;
            ends[i] += offset;
        }
    }

    /** Flips every flag: the pattern now describes what to keep rather than where to cut. */
    void invert() {
        for (int i = 0; i < size; i++) {
            matched[i] = !matched[i];
        }
    }

    int size() {
        return size;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    boolean matched(int i) {
        return matched[i];
    }
}
