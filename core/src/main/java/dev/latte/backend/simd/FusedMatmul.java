package dev.latte.backend.simd;

/**
 * Multiplies {@link FusedMatrix} weights with a chunk of tokens on a {@link WorkerPool}, splitting
 * the output rows among the workers. Holds the per-thread state the kernels reuse from call to
 * call (rearranged activations, per-worker scratch), so a multiplication allocates nothing once
 * the buffers have grown to the model's sizes. One instance per dispatching thread.
 */
final class FusedMatmul implements WorkerPool.RangeTask {
    private final WorkerPool pool;
    private final InterleavedActivations activations = new InterleavedActivations();
    private final float[][] scratch;
    private FusedMatrix matrix;
    private float[] out;

    FusedMatmul(WorkerPool pool) {
        this.pool = pool;
        this.scratch = new float[pool.threads()][0];
    }

    /**
     * {@code out[t·rows + r] = Σ_c W[r][c] · x[t·cols + c]} for the {@code tokens} rows of {@code x}.
     */
    void multiply(FusedMatrix matrix, float[] x, int tokens, float[] out) {
        if ((long) tokens * matrix.rows > out.length) {
            throw new IllegalArgumentException("output holds " + out.length + " floats, need " + tokens + " × " + matrix.rows);
        }
        activations.prepare(x, tokens, matrix.cols, matrix.interleave());
        multiplyPrepared(matrix, out);
    }

    /** Multiplies with the activations of the previous call again, e.g. the up projection after the gate. */
    void multiplyPrepared(FusedMatrix matrix, float[] out) {
        if (matrix.cols != activations.cols() || matrix.interleave() != activations.interleave()) {
            throw new IllegalStateException("activations were prepared for another matrix layout");
        }
        int needed = matrix.scratchFloats();
        for (int i = 0; i < scratch.length; i++) {
            if (scratch[i].length < needed) {
                scratch[i] = new float[needed];
            }
        }
        this.matrix = matrix;
        this.out = out;
        int grain = Math.max(4, matrix.rows / (pool.threads() * 16));
        try {
            pool.parallelFor(matrix.rows, grain, this);
        } finally {
            this.matrix = null;
            this.out = null;
        }
    }

    @Override
    public void run(int worker, int start, int end) {
        matrix.multiplyRows(activations, out, start, end, scratch[worker]);
    }
}
