package dev.latte.synth;

/**
 * One weight of the model as the architecture names it, before it is stored in some encoding:
 * a projection {@code [out, in]} may become an FP8 tensor with a scale grid, or packed INT4 with
 * group scales, while a norm stays a vector.
 *
 * @param name the Hugging Face tensor name, e.g. {@code model.layers.1.mlp.experts.5.up_proj.weight}
 * @param role what the weight does, which decides its encoding and the scale of its random values
 * @param rows the first dimension ({@code out} of a projection; the length of a vector)
 * @param columns the second dimension ({@code in} of a projection); 0 for a vector
 */
public record LogicalWeight(String name, Role role, int rows, int columns) {

    /** What a weight does in the model. */
    public enum Role {
        /** The token embedding table {@code [vocab, D]}. */
        EMBEDDING,
        /** An RMSNorm gain vector. */
        NORM,
        /** A linear layer {@code [out, in]} of attention or an MLP: quantised along with the checkpoint. */
        PROJECTION,
        /** The output head {@code lm_head} {@code [vocab, D]}. */
        OUTPUT_HEAD,
        /** The expert router {@code mlp.gate} {@code [E, D]}: never quantised. */
        ROUTER,
        /** The router's selection bias {@code e_score_correction_bias} {@code [E]}, stored in F32. */
        ROUTER_BIAS
    }

    /** Whether this weight is a matrix (a projection, router, embedding or head) rather than a vector. */
    public boolean isMatrix() {
        return columns > 0;
    }
}
