package dev.latte.backend.simd;

import dev.latte.backend.ExpertWeights;
import dev.latte.backend.Routing;
import java.util.Arrays;
import java.util.List;

/**
 * The routed experts of an MoE layer for a chunk, grouped by expert: the tokens routed to an
 * expert are gathered into one matrix, so its gate, up and down weights are streamed once for all of
 * them; the expert's output rows are then added, weighted, to their tokens' rows.
 *
 * <p>All selected experts run in two parallel-fors, not three per expert: the first over
 * (expert, block of intermediate rows) work items, each computing the gate and up rows of its
 * block for the expert's tokens and their SwiGLU activation; the second over (expert, block of
 * output rows) items, each computing its block of the expert's down projection. The weighted
 * outputs are then added up per token in expert order (in parallel over columns when there are many
 * of them). A decode step thus waits for two joins per layer instead of eighteen, and every work
 * item streams one contiguous block of one matrix: the hardware prefetchers lose a little at the
 * start of every stream, and an item that read a short slice of every selected expert's down matrix
 * started six streams.
 *
 * <p>A dense SwiGLU MLP (the shared experts, a dense layer's MLP) runs the same way, as a single
 * expert that every token selects with weight 1.
 */
final class SimdRoutedExperts {
    /** Work items per thread in each parallel-for, so that threads slowed by other processes are balanced out. */
    private static final int ITEMS_PER_THREAD = 16;
    /** Fewest rows of one work item, so that claiming it costs little next to computing it. */
    private static final int MIN_BLOCK_ROWS = 8;
    /** Fewest weighted output values a thread adds up before the sum is worth splitting across threads. */
    private static final int MIN_COMBINE_PER_THREAD = 1 << 16;

    private final WorkerPool pool;
    private final float[][] scratch;
    private final WorkerPool.RangeTask gateUpTask = this::gateUpItems;
    private final WorkerPool.RangeTask downTask = this::downItems;
    private final WorkerPool.RangeTask combineTask = this::combineColumns;
    private int[] tokensOf = new int[0];
    private float[] weightsOf = new float[0];
    private int[] counts = new int[0];
    private ExpertBatch[] batches = new ExpertBatch[0];
    private int active;
    private int blockRows;
    private int blocksPerExpert;
    private int downBlockRows;
    private int downBlocksPerExpert;
    private float[] out;
    private int tokens;
    private int hidden;

    SimdRoutedExperts(WorkerPool pool) {
        this.pool = pool;
        this.scratch = new float[pool.threads()][0];
    }

    /** {@code out[t] = Σ_k weight(t,k) · Expert_{expert(t,k)}(x[t])}, overwriting {@code out}. */
    void run(SimdActivations x, List<ExpertWeights> experts, Routing routing, SimdActivations out) {
        int tokens = x.rows;
        int hidden = x.cols;
        if (routing.tokens() != tokens || out.rows != tokens || out.cols != hidden) {
            throw new IllegalArgumentException("routing of " + routing.tokens() + " tokens, input [" + tokens + ", " + hidden
                    + "], output [" + out.rows + ", " + out.cols + "] do not match");
        }
        growSelections(tokens * routing.topK());
        if (counts.length < experts.size() + 1) {
            counts = new int[experts.size() + 1];
        }
        groupByExpert(routing, experts.size());
        int inner = assignBatches(experts, hidden);
        runBatches(x, inner, out);
    }

    /**
     * {@code out = down · (SiLU(gate · x) ⊙ (up · x))}, a dense SwiGLU MLP, as one expert that every
     * token selects with weight 1: the same two parallel-fors as the routed experts. The caller has
     * checked the shapes.
     */
    void runMlp(SimdActivations x, FusedMatrix gate, FusedMatrix up, FusedMatrix down, SimdActivations out) {
        int tokens = x.rows;
        growSelections(tokens);
        for (int t = 0; t < tokens; t++) {
            tokensOf[t] = t;
            weightsOf[t] = 1f;
        }
        active = 0;
        addBatch(gate, up, down, 0, tokens);
        runBatches(x, gate.rows, out);
    }

    private void growSelections(int selections) {
        if (tokensOf.length < selections) {
            tokensOf = new int[selections];
            weightsOf = new float[selections];
        }
    }

    /** Runs the {@link #active} batches, whose intermediate size is {@code inner}, on {@code x} into {@code out}. */
    private void runBatches(SimdActivations x, int inner, SimdActivations out) {
        gatherInputs(x);
        this.out = out.data;
        this.tokens = x.rows;
        this.hidden = x.cols;
        try {
            if (active > 0) {
                blockRows = blockRows(inner);
                blocksPerExpert = (inner + blockRows - 1) / blockRows;
                pool.parallelFor(active * blocksPerExpert, 1, gateUpTask);
                for (int b = 0; b < active; b++) {
                    ExpertBatch batch = batches[b];
                    batch.activations.prepare(batch.gated, batch.tokens, inner, batch.down.interleave());
                }
                downBlockRows = blockRows(hidden);
                downBlocksPerExpert = (hidden + downBlockRows - 1) / downBlockRows;
                pool.parallelFor(active * downBlocksPerExpert, 1, downTask);
            }
            long sums = 0;
            for (int b = 0; b < active; b++) {
                sums += (long) batches[b].tokens * hidden;
            }
            int grain = sums < (long) MIN_COMBINE_PER_THREAD * pool.threads()
                    ? hidden : Math.max(MIN_BLOCK_ROWS, hidden / (pool.threads() * ITEMS_PER_THREAD));
            pool.parallelFor(hidden, grain, combineTask);
        } finally {
            this.out = null;
        }
    }

    /** Rows of one work item over matrices of {@code rows} rows, one matrix per active expert. */
    private int blockRows(int rows) {
        return Math.min(rows, Math.max(MIN_BLOCK_ROWS, active * rows / (pool.threads() * ITEMS_PER_THREAD)));
    }

    /** Counting sort of the selections by expert: expert e's are {@code [counts[e], counts[e+1])}. */
    private void groupByExpert(Routing routing, int expertCount) {
        Arrays.fill(counts, 0, expertCount + 1, 0);
        for (int t = 0; t < routing.tokens(); t++) {
            for (int k = 0; k < routing.topK(); k++) {
                int e = routing.expert(t, k);
                if (e < 0 || e >= expertCount) {
                    throw new IllegalArgumentException("token " + t + " is routed to expert " + e + " of " + expertCount);
                }
                counts[e + 1]++;
            }
        }
        for (int e = 0; e < expertCount; e++) {
            counts[e + 1] += counts[e];
        }
        for (int t = 0; t < routing.tokens(); t++) {
            for (int k = 0; k < routing.topK(); k++) {
                int e = routing.expert(t, k);
                int slot = counts[e]++;
                tokensOf[slot] = t;
                weightsOf[slot] = routing.weight(t, k);
            }
        }
        for (int e = expertCount; e > 0; e--) {
            counts[e] = counts[e - 1];
        }
        counts[0] = 0;
    }

    /**
     * One batch per expert with tokens, in expert order. Returns the intermediate size, which all
     * routed experts share.
     */
    private int assignBatches(List<ExpertWeights> experts, int hidden) {
        active = 0;
        int inner = -1;
        for (int e = 0; e < experts.size(); e++) {
            int n = counts[e + 1] - counts[e];
            if (n == 0) {
                continue;
            }
            ExpertWeights expert = experts.get(e);
            FusedMatrix gate = ((SimdWeight) expert.gate()).matrix;
            FusedMatrix up = ((SimdWeight) expert.up()).matrix;
            FusedMatrix down = ((SimdWeight) expert.down()).matrix;
            if (inner < 0) {
                inner = gate.rows;
            }
            if (gate.rows != inner || gate.cols != hidden || up.rows != inner || up.cols != hidden
                    || down.rows != hidden || down.cols != inner) {
                throw new IllegalArgumentException("expert " + e + " (" + expert.gate().name() + "): gate/up/down shapes do not fit hidden size "
                        + hidden + " and intermediate size " + inner);
            }
            addBatch(gate, up, down, counts[e], n);
        }
        return inner;
    }

    /** Appends a batch of the selections {@code [first, first + tokens)}; grows the workers' scratch to the kernels' needs. */
    private void addBatch(FusedMatrix gate, FusedMatrix up, FusedMatrix down, int first, int tokens) {
        if (active == batches.length) {
            batches = Arrays.copyOf(batches, Math.max(8, 2 * active));
            for (int b = active; b < batches.length; b++) {
                batches[b] = new ExpertBatch();
            }
        }
        batches[active++].assign(gate, up, down, first, tokens);
        growScratch(Math.max(gate.scratchFloats(), Math.max(up.scratchFloats(), down.scratchFloats())));
    }

    private void growScratch(int floats) {
        for (int i = 0; i < scratch.length; i++) {
            if (scratch[i].length < floats) {
                scratch[i] = new float[floats];
            }
        }
    }

    private void gatherInputs(SimdActivations x) {
        int hidden = x.cols;
        for (int b = 0; b < active; b++) {
            ExpertBatch batch = batches[b];
            for (int i = 0; i < batch.tokens; i++) {
                System.arraycopy(x.data, tokensOf[batch.first + i] * hidden, batch.input, i * hidden, hidden);
            }
            batch.activations.prepare(batch.input, batch.tokens, hidden, batch.gate.interleave());
            if (batch.upInput() != batch.activations) {
                batch.upActivations.prepare(batch.input, batch.tokens, hidden, batch.up.interleave());
            }
        }
    }

    /** Work items {@code [start, end)} of the first parallel-for: gate, up and SwiGLU of one block of one expert. */
    private void gateUpItems(int worker, int start, int end) {
        for (int item = start; item < end; item++) {
            ExpertBatch batch = batches[item / blocksPerExpert];
            int inner = batch.gate.rows;
            int rowStart = (item % blocksPerExpert) * blockRows;
            int rowEnd = Math.min(inner, rowStart + blockRows);
            batch.gate.multiplyRows(batch.activations, batch.gated, rowStart, rowEnd, scratch[worker]);
            batch.up.multiplyRows(batch.upInput(), batch.upProjected, rowStart, rowEnd, scratch[worker]);
            for (int t = 0; t < batch.tokens; t++) {
                VectorMath.siluMul(batch.gated, batch.upProjected, batch.gated, t * inner + rowStart, rowEnd - rowStart);
            }
        }
    }

    /** Work items {@code [start, end)} of the second parallel-for: one block of output rows of one expert's down projection. */
    private void downItems(int worker, int start, int end) {
        for (int item = start; item < end; item++) {
            ExpertBatch batch = batches[item / downBlocksPerExpert];
            int rowStart = (item % downBlocksPerExpert) * downBlockRows;
            int rowEnd = Math.min(hidden, rowStart + downBlockRows);
            batch.down.multiplyRows(batch.activations, batch.output, rowStart, rowEnd, scratch[worker]);
        }
    }

    /** Columns {@code [start, end)} of every token's output: the experts' outputs, weighted, added in expert order. */
    private void combineColumns(int worker, int start, int end) {
        for (int t = 0; t < tokens; t++) {
            Arrays.fill(out, t * hidden + start, t * hidden + end, 0f);
        }
        for (int b = 0; b < active; b++) {
            ExpertBatch batch = batches[b];
            for (int i = 0; i < batch.tokens; i++) {
                int selection = batch.first + i;
                VectorMath.axpy(weightsOf[selection], batch.output, i * hidden + start, out, tokensOf[selection] * hidden + start,
                        end - start);
            }
        }
    }
}
