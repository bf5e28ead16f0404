package dev.latte.backend.simd;

import dev.latte.backend.ExpertWeights;
import dev.latte.backend.Routing;
import java.util.List;

/**
 * The routed experts of an MoE layer for a chunk, grouped by expert: the tokens routed to an
 * expert are gathered into one matrix, so its gate, up and down weights are streamed once for all of
 * them; the expert's output rows are then added, weighted, to their tokens' rows.
 */
final class SimdRoutedExperts {
    private final FusedMatmul matmul;
    private int[] tokensOf = new int[0];
    private float[] weightsOf = new float[0];
    private int[] counts = new int[0];
    private float[] gathered = new float[0];
    private float[] gate = new float[0];
    private float[] up = new float[0];
    private float[] down = new float[0];

    SimdRoutedExperts(FusedMatmul matmul) {
        this.matmul = matmul;
    }

    /** {@code out[t] = Σ_k weight(t,k) · Expert_{expert(t,k)}(x[t])}, overwriting {@code out}. */
    void run(SimdActivations x, List<ExpertWeights> experts, Routing routing, SimdActivations out) {
        int tokens = x.rows;
        int hidden = x.cols;
        if (routing.tokens() != tokens || out.rows != tokens || out.cols != hidden) {
            throw new IllegalArgumentException("routing of " + routing.tokens() + " tokens, input [" + tokens + ", " + hidden
                    + "], output [" + out.rows + ", " + out.cols + "] do not match");
        }
        int selections = tokens * routing.topK();
        if (tokensOf.length < selections) {
            tokensOf = new int[selections];
            weightsOf = new float[selections];
        }
        if (counts.length < experts.size() + 1) {
            counts = new int[experts.size() + 1];
        }
        groupByExpert(routing, experts.size());
        java.util.Arrays.fill(out.data, 0, tokens * hidden, 0f);
        for (int e = 0; e < experts.size(); e++) {
            int first = counts[e];
            int n = counts[e + 1] - first;
            if (n > 0) {
                runExpert(experts.get(e), x, first, n, out);
            }
        }
    }

    /** Counting sort of the selections by expert: expert e's are {@code [counts[e], counts[e+1])}. */
    private void groupByExpert(Routing routing, int expertCount) {
        java.util.Arrays.fill(counts, 0, expertCount + 1, 0);
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

    private void runExpert(ExpertWeights expert, SimdActivations x, int first, int n, SimdActivations out) {
        FusedMatrix gateMatrix = ((SimdWeight) expert.gate()).matrix;
        FusedMatrix upMatrix = ((SimdWeight) expert.up()).matrix;
        FusedMatrix downMatrix = ((SimdWeight) expert.down()).matrix;
        int hidden = x.cols;
        int inner = gateMatrix.rows;
        if (gateMatrix.cols != hidden || upMatrix.rows != inner || upMatrix.cols != hidden
                || downMatrix.rows != hidden || downMatrix.cols != inner) {
            throw new IllegalArgumentException("expert " + expert.gate().name() + ": gate/up/down shapes do not fit hidden size " + hidden);
        }
        gathered = grown(gathered, n * hidden);
        gate = grown(gate, n * inner);
        up = grown(up, n * inner);
        down = grown(down, n * hidden);
        for (int i = 0; i < n; i++) {
            System.arraycopy(x.data, tokensOf[first + i] * hidden, gathered, i * hidden, hidden);
        }
        matmul.multiply(gateMatrix, gathered, n, gate);
        if (upMatrix.interleave() == gateMatrix.interleave()) {
            matmul.multiplyPrepared(upMatrix, up);
        } else {
            matmul.multiply(upMatrix, gathered, n, up);
        }
        VectorMath.siluMul(gate, up, gate, n * inner);
        matmul.multiply(downMatrix, gate, n, down);
        for (int i = 0; i < n; i++) {
            VectorMath.axpy(weightsOf[first + i], down, i * hidden, out.data, tokensOf[first + i] * hidden, hidden);
        }
    }

    private static float[] grown(float[] buffer, int size) {
        return buffer.length >= size ? buffer : new float[size];
    }
}
