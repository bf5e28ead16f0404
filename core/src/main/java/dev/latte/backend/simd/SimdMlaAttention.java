package dev.latte.backend.simd;

import dev.latte.backend.AttentionShape;
import dev.latte.backend.OperandChecks;

/**
 * Weight-absorbed MLA (spec §4.3) for a chunk of query rows. Per (token, head) pair:
 * {@code q̃ = W_UKᵀ q_nope}, one {@code (latentRank + ropeDim)}-long dot product per visible
 * position against the cache rows {@code [c_KV ; k_pe]}, a softmax, the latent-weighted sum
 * {@code u = Σ a_j c_KV,j}, and {@code o = W_UV u} through the fused kernel of {@code kv_b_proj}
 * restricted to the head's rows.
 *
 * <p>A few tokens (decode) run in parallel over (token, head) pairs, the rows of {@code W_UK}
 * accumulated straight from their encoding. A prefill chunk runs in parallel over heads: the head's
 * {@code W_UK} is decoded once into floats and multiplied with blocks of tokens in registers, and
 * {@code W_UV} multiplies a block's latent sums with the token-tiled kernels, so neither is decoded
 * again for every token.
 */
final class SimdMlaAttention implements WorkerPool.RangeTask {
    /** Fewest query rows that run per head rather than per (token, head) pair. */
    private static final int PER_HEAD_TOKENS = 8;
    /** Query rows of a head processed together in the per-head path; bounds the per-worker buffers. */
    private static final int TOKEN_BLOCK = 64;

    private final WorkerPool pool;
    private final Worker[] workers;
    private final WorkerPool.RangeTask headTask = this::heads;
    private AttentionShape shape;
    private SimdWeight kvUp;
    private SimdLatentCache cache;
    private float[] query;
    private float[] out;
    private int startPosition;
    private int tokens;

    /** One thread's buffers, grown to the largest call so far. */
    private static final class Worker {
        final InterleavedActivations mixedPrepared = new InterleavedActivations();
        float[] absorbed = new float[0];
        float[] scores = new float[0];
        float[] mixed = new float[0];
        float[] weightRow = new float[0];
        float[] headOut = new float[0];
        float[] scratch = new float[0];
        /** Per-head path: the head's {@code W_UK} decoded, {@code [nopeDim, latentRank]}. */
        float[] keyUp = new float[0];
        /** Per-head path: a block's absorbed queries with their rope parts, {@code [TOKEN_BLOCK, width]}. */
        float[] absorbedBlock = new float[0];
        /** Per-head path: the scores of a tile of query rows, {@code [QueryTileAttention.TILE, keys]}. */
        float[] tileScores = new float[0];
        /** Per-head path: a block's latent sums, {@code [TOKEN_BLOCK, latentRank]}. */
        float[] mixedBlock = new float[0];
        /** Per-head path: {@code kv_b_proj} outputs of a block, {@code [TOKEN_BLOCK, rows]}, only the head's value rows written. */
        float[] headOutBlock = new float[0];
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
            if (tokens >= PER_HEAD_TOKENS) {
                this.tokens = tokens;
                growPerHeadBuffers(rows);
                pool.parallelFor(shape.heads(), 1, headTask);
            } else {
                pool.parallelFor(tokens * shape.heads(), 1, this);
            }
        } finally {
            this.query = null;
            this.out = null;
            this.kvUp = null;
            this.cache = null;
        }
    }

    private void growPerHeadBuffers(int rows) {
        int rank = shape.latentRank();
        for (Worker w : workers) {
            if (w.keyUp.length < shape.nopeDim() * rank) {
                w.keyUp = new float[shape.nopeDim() * rank];
            }
            if (w.absorbedBlock.length < TOKEN_BLOCK * cache.width()) {
                w.absorbedBlock = new float[TOKEN_BLOCK * cache.width()];
                w.mixedBlock = new float[TOKEN_BLOCK * rank];
            }
            int keys = startPosition + tokens;
            if (w.tileScores.length < QueryTileAttention.TILE * keys) {
                w.tileScores = new float[Math.max(QueryTileAttention.TILE * keys, 2 * w.tileScores.length)];
            }
            if (w.headOutBlock.length < TOKEN_BLOCK * rows) {
                w.headOutBlock = new float[TOKEN_BLOCK * rows];
            }
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

    private void heads(int worker, int start, int end) {
        Worker w = workers[worker];
        for (int h = start; h < end; h++) {
            decodeKeyUp(w, h);
            for (int first = 0; first < tokens; first += TOKEN_BLOCK) {
                attendBlock(w, h, first, Math.min(tokens, first + TOKEN_BLOCK) - first);
            }
        }
    }

    /** {@code W_UK} of head {@code h} as floats in column order, {@code [nopeDim, latentRank]}. */
    private void decodeKeyUp(Worker w, int h) {
        int rank = shape.latentRank();
        int headRow = h * (shape.nopeDim() + shape.valueDim());
        FusedMatrix matrix = kvUp.matrix;
        for (int d = 0; d < shape.nopeDim(); d++) {
            if (matrix.accumulatesRows()) {
                java.util.Arrays.fill(w.weightRow, 0, rank, 0f);
                matrix.accumulateRow(headRow + d, 1f, w.weightRow, w.scratch);
                InterleavedActivations.toNatural(w.weightRow, rank, matrix.interleave(), w.mixed);
                System.arraycopy(w.mixed, 0, w.keyUp, d * rank, rank);
            } else {
                kvUp.stored.decodeRow(headRow + d, w.keyUp, d * rank);
            }
        }
    }

    /** Query rows {@code first .. first+count-1} of head {@code h}. */
    private void attendBlock(Worker w, int h, int first, int count) {
        int rank = shape.latentRank();
        int ropeDim = shape.ropeDim();
        int width = cache.width();
        int nope = shape.nopeDim();
        float[] absorbed = w.absorbedBlock;
        for (int i = 0; i < count; i++) {
            int queryRow = (first + i) * shape.queryCols() + h * shape.queryHeadDim();
            VectorMath.rowTimesMatrix(query, queryRow, w.keyUp, nope, rank, absorbed, i * width);
            System.arraycopy(query, queryRow + nope, absorbed, i * width + rank, ropeDim);
        }
        float[] keys = cache.rows;
        float scale = shape.softmaxScale();
        float[] mixed = w.mixedBlock;
        float[] tileScores = w.tileScores;
        for (int i0 = 0; i0 < count; i0 += QueryTileAttention.TILE) {
            int real = Math.min(QueryTileAttention.TILE, count - i0);
            int keyCount = startPosition + first + i0 + real;
            QueryTileAttention.scores(absorbed, i0, keys, keyCount, width, tileScores, keyCount);
            for (int q = 0; q < QueryTileAttention.TILE; q++) {
                int row = q * keyCount;
                int visible = q < real ? startPosition + first + i0 + q + 1 : 0;
                for (int j = 0; j < visible; j++) {
                    tileScores[row + j] *= scale;
                }
                if (visible > 0) {
                    VectorMath.softmax(tileScores, row, visible);
                }
                java.util.Arrays.fill(tileScores, row + visible, row + keyCount, 0f);
            }
            QueryTileAttention.latentSums(tileScores, keyCount, keys, keyCount, width, rank, mixed, i0);
        }
        FusedMatrix matrix = kvUp.matrix;
        int headRow = h * (nope + shape.valueDim());
        int valueRow = headRow + nope;
        w.mixedPrepared.prepare(mixed, count, rank, matrix.interleave());
        matrix.multiplyRows(w.mixedPrepared, w.headOutBlock, valueRow, valueRow + shape.valueDim(), w.scratch);
        for (int i = 0; i < count; i++) {
            System.arraycopy(w.headOutBlock, i * matrix.rows + valueRow, out, (first + i) * shape.outputCols() + h * shape.valueDim(),
                    shape.valueDim());
        }
    }
}
