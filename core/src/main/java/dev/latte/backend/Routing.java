package dev.latte.backend;

/**
 * The routed experts chosen for each token of a chunk and their weights, as the router computed
 * them on the host: token {@code t} goes to experts {@code experts[t·topK + k]} with weights
 * {@code weights[t·topK + k]}, {@code k < topK}, in selection order (the scale factor already applied).
 *
 * @param tokens rows of the chunk
 * @param topK   experts per token
 * @param experts expert ids, {@code [tokens × topK]}
 * @param weights mixing weights, {@code [tokens × topK]}
 */
public record Routing(int tokens, int topK, int[] experts, float[] weights) {

    public Routing {
        if (experts.length != tokens * topK || weights.length != tokens * topK) {
            throw new IllegalArgumentException("routing arrays must hold tokens × topK = " + tokens * topK + " entries");
        }
    }

    /** The {@code k}-th expert of token {@code token}. */
    public int expert(int token, int k) {
        return experts[token * topK + k];
    }

    /** The weight of the {@code k}-th expert of token {@code token}. */
    public float weight(int token, int k) {
        return weights[token * topK + k];
    }
}
