package dev.latte.backend.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The activations {@code x} of a chunk of tokens ({@code [tokens, cols]}, row-major), rearranged
 * for the fused kernels. A kernel loads one 32-bit lane per weight word; a word holds
 * {@code interleave} consecutive columns (2 for BF16/F16, 4 for FP8, 8 for INT4), so after
 * decoding, "plane" {@code p} of a load holds columns {@code i·interleave + p} of its block. Here the
 * inputs are stored in that same order: within each block of {@code interleave · lanes} columns,
 * {@code planes[block + p·lanes + i] = x[block + i·interleave + p]}. Columns past the last whole
 * block are left to the kernels' scalar tails, which read {@link #x()} directly.
 *
 * <p>One instance per dispatching thread, reused across calls: buffers only grow.
 */
final class InterleavedActivations {
    static final int LANES = FloatVector.SPECIES_PREFERRED.length();

    private float[] x;
    private int tokens;
    private int cols;
    private int interleave;
    private int vectorCols;
    private float[] planes = new float[0];
    private float[] wordSums = new float[0];

    /** Rearranges {@code x} ({@code [tokens, cols]}) for kernels whose words hold {@code interleave} columns. */
    void prepare(float[] x, int tokens, int cols, int interleave) {
        if ((long) tokens * cols > x.length) {
            throw new IllegalArgumentException("activations hold " + x.length + " floats, need " + tokens + " × " + cols);
        }
        this.x = x;
        this.tokens = tokens;
        this.cols = cols;
        this.interleave = interleave;
        int block = interleave * LANES;
        this.vectorCols = cols - cols % block;
        int size = tokens * vectorCols;
        if (planes.length < size) {
            planes = new float[size];
        }
        for (int t = 0; t < tokens; t++) {
            int from = t * cols;
            int to = t * vectorCols;
            if (interleave == 1) {
                System.arraycopy(x, from, planes, to, vectorCols);
                continue;
            }
            for (int b = 0; b < vectorCols; b += block) {
                for (int p = 0; p < interleave; p++) {
                    for (int i = 0; i < LANES; i++) {
                        planes[to + b + p * LANES + i] = x[from + b + i * interleave + p];
                    }
                }
            }
        }
        if (interleave == 8) {
            sumWords();
        }
    }

    /**
     * Writes {@code planar} ({@code cols} floats in plane order up to the last whole block of
     * {@code interleave · lanes}, natural after) to {@code natural} in column order.
     */
    static void toNatural(float[] planar, int cols, int interleave, float[] natural) {
        int block = interleave * LANES;
        int vectorCols = cols - cols % block;
        for (int b = 0; b < vectorCols; b += block) {
            for (int p = 0; p < interleave; p++) {
                for (int i = 0; i < LANES; i++) {
                    natural[b + i * interleave + p] = planar[b + p * LANES + i];
                }
            }
        }
        System.arraycopy(planar, vectorCols, natural, vectorCols, cols - vectorCols);
    }

    /** For INT4: the sum of the 8 inputs that each packed word multiplies (zero points fold into it). */
    private void sumWords() {
        int words = vectorCols / 8;
        int size = tokens * words;
        if (wordSums.length < size) {
            wordSums = new float[size];
        }
        for (int t = 0; t < tokens; t++) {
            for (int w = 0; w < words; w++) {
                float sum = 0;
                int c = t * cols + w * 8;
                for (int k = 0; k < 8; k++) {
                    sum += x[c + k];
                }
                wordSums[t * words + w] = sum;
            }
        }
    }

    float[] x() {
        return x;
    }

    int tokens() {
        return tokens;
    }

    int cols() {
        return cols;
    }

    int interleave() {
        return interleave;
    }

    /** Columns covered by whole vector blocks; also the row stride of {@link #planes()}. */
    int vectorCols() {
        return vectorCols;
    }

    float[] planes() {
        return planes;
    }

    /** {@code [tokens, vectorCols / 8]}, only after {@code prepare(..., 8)}. */
    float[] wordSums() {
        return wordSums;
    }
}
