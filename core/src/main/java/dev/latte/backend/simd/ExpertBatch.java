package dev.latte.backend.simd;

/**
 * The tokens of a chunk routed to one expert (for a dense MLP, all of them), and the buffers its products write: the tokens'
 * inputs gathered into one matrix, prepared for the expert's kernels, then the gate and up
 * projections (the gate buffer ends up holding {@code SiLU(gate) ⊙ up}, the down projection's
 * input) and the down projection. Reused from chunk to chunk; the buffers only grow.
 */
final class ExpertBatch {
    FusedMatrix gate;
    FusedMatrix up;
    FusedMatrix down;
    /** The expert's selections are {@code [first, first + tokens)} of the grouped selections. */
    int first;
    int tokens;
    /** {@code [tokens, hidden]}: the inputs of the routed tokens, in selection order. */
    float[] input = new float[0];
    /** {@code [tokens, inner]}: gate projection, then the SwiGLU activation. */
    float[] gated = new float[0];
    /** {@code [tokens, inner]}: up projection. */
    float[] upProjected = new float[0];
    /** {@code [tokens, hidden]}: down projection, before the routing weight. */
    float[] output = new float[0];
    /** The input prepared for {@link #gate} (and for {@link #up} when the layouts agree), later the down projection's input. */
    final InterleavedActivations activations = new InterleavedActivations();
    /** The input prepared for {@link #up} when its layout differs from the gate's. */
    final InterleavedActivations upActivations = new InterleavedActivations();

    /** Sets the expert and its selections, growing the buffers to fit. */
    void assign(FusedMatrix gate, FusedMatrix up, FusedMatrix down, int first, int tokens) {
        this.gate = gate;
        this.up = up;
        this.down = down;
        this.first = first;
        this.tokens = tokens;
        input = grown(input, tokens * gate.cols);
        gated = grown(gated, tokens * gate.rows);
        upProjected = grown(upProjected, tokens * gate.rows);
        output = grown(output, tokens * down.rows);
    }

    /** The activations {@link #up} multiplies. */
    InterleavedActivations upInput() {
        return up.interleave() == gate.interleave() ? activations : upActivations;
    }

    private static float[] grown(float[] buffer, int size) {
        return buffer.length >= size ? buffer : new float[size];
    }
}
