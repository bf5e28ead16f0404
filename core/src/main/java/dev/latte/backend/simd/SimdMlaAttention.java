package dev.latte.backend.simd;

import dev.latte.backend.AttentionShape;
import dev.latte.backend.OperandChecks;

/**
 * Weight-absorbed MLA (spec §4.3) for a chunk of query rows, parallel over (token, head) pairs. Per
 * pair: {@code q̃ = W_UKᵀ q_nope} (rows of {@code W_UK} accumulated straight from their encoding for
 * BF16 and F32, decoded one at a time into L1 otherwise),
 * one {@code (latentRank + ropeDim)}-long dot product per visible position against the cache rows
 * {@code [c_KV ; k_pe]}, a softmax, the latent-weighted sum {@code u = Σ a_j c_KV,j}, and
 * {@code o = W_UV u} through the fused kernel of {@code kv_b_proj} restricted to the head's rows.
 */
final class SimdMlaAttention implements WorkerPool.RangeTask {
    private final WorkerPool pool;
    private final Worker[] workers;
    private AttentionShape shape;
    private SimdWeight kvUp;
    private SimdLatentCache cache;
    private float[] query;
    private float[] out;
    private int startPosition;

    /** One thread's buffers, grown to the largest call so far. */
    private static final class Worker {
        final InterleavedActivations mixedPrepared = new InterleavedActivations();
        float[] absorbed = new float[0];
        float[] scores = new float[0];
        float[] mixed = new float[0];
        float[] weightRow = new float[0];
        float[] headOut = new float[0];
        float[] scratch = new float[0];
    }

    SimdMlaAttention(WorkerPool pool) {
        this.pool = pool;
        this.workers = new Worker[pool.threads()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker();
        }
    }

    /**
     * @param query {@code [tokens, shape.queryCols()]}, q_pe rotated
     * @param out   {@code [tokens, shape.outputCols()]}
     */
    void run(float[] query, int tokens, SimdWeight kvUp, SimdLatentCache cache, int startPosition, AttentionShape shape,
             float[] out) {
        OperandChecks.requireAttentionOperands(shape, kvUp, cache);
        int rows = shape.heads() * (shape.nopeDim() + shape.valueDim());
        if (startPosition < 0 || startPosition + tokens > cache.capacity) {
            throw new IllegalArgumentException("positions " + startPosition + ".." + (startPosition + tokens - 1)
                    + " are outside the cache of " + cache.capacity);
        }
        int width = cache.width();
        int keys = startPosition + tokens;
        for (Worker w : workers) {
            if (w.absorbed.length < width) {
                w.absorbed = new float[width];
                w.mixed = new float[shape.latentRank()];
                w.weightRow = new float[shape.latentRank()];
            }
            if (w.scores.length < keys) {
                w.scores = new float[Math.max(keys, 2 * w.scores.length)];
            }
            if (w.headOut.length < rows) {
                w.headOut = new float[rows];
            }
            if (w.scratch.length < kvUp.matrix.scratchFloats()) {
                w.scratch = new float[kvUp.matrix.scratchFloats()];
            }
        }
        this.query = query;
        this.kvUp = kvUp;
        this.cache = cache;
        this.startPosition = startPosition;
        this.shape = shape;
        this.out = out;
        try {
            pool.parallelFor(tokens * shape.heads(), 1, this);
        } finally {
            this.query = null;
            this.out = null;
            this.kvUp = null;
            this.cache = null;
        }
    }

    @Override
    public void run(int worker, int start, int end) {
        Worker w = workers[worker];
        for (int pair = start; pair < end; pair++) {
            attend(w, pair / shape.heads(), pair % shape.heads());
        }
    }

    private void attend(Worker w, int t, int h) {
        int rank = shape.latentRank();
        int ropeDim = shape.ropeDim();
        int width = cache.width();
        int headRow = h * (shape.nopeDim() + shape.valueDim());
        int queryRow = t * shape.queryCols() + h * shape.queryHeadDim();
        float[] absorbed = w.absorbed;
        FusedMatrix matrix = kvUp.matrix;
        if (matrix.accumulatesRows()) {
            float[] planar = w.weightRow;
            java.util.Arrays.fill(planar, 0, rank, 0f);
            for (int d = 0; d < shape.nopeDim(); d++) {
                matrix.accumulateRow(headRow + d, query[queryRow + d], planar, w.scratch);
            }
            InterleavedActivations.toNatural(planar, rank, matrix.interleave(), absorbed);
        } else {
            java.util.Arrays.fill(absorbed, 0, rank, 0f);
            for (int d = 0; d < shape.nopeDim(); d++) {
                kvUp.stored.decodeRow(headRow + d, w.weightRow, 0);
                VectorMath.axpy(query[queryRow + d], w.weightRow, 0, absorbed, 0, rank);
            }
        }
        System.arraycopy(query, queryRow + shape.nopeDim(), absorbed, rank, ropeDim);

        int visible = startPosition + t + 1;
        float[] scores = w.scores;
        float[] keys = cache.rows;
        float scale = shape.softmaxScale();
        for (int j = 0; j < visible; j++) {
            scores[j] = scale * VectorMath.dot(absorbed, 0, keys, j * width, width);
        }
        VectorMath.softmax(scores, visible);
        float[] mixed = w.mixed;
        java.util.Arrays.fill(mixed, 0f);
        for (int j = 0; j < visible; j++) {
            VectorMath.axpy(scores[j], keys, j * width, mixed, 0, rank);
        }

        w.mixedPrepared.prepare(mixed, 1, rank, matrix.interleave());
        int valueRow = headRow + shape.nopeDim();
        matrix.multiplyRows(w.mixedPrepared, w.headOut, valueRow, valueRow + shape.valueDim(), w.scratch);
        System.arraycopy(w.headOut, valueRow, out, t * shape.outputCols() + h * shape.valueDim(), shape.valueDim());
    }
}
