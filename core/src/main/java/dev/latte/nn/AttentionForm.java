package dev.latte.nn;

/**
 * Which of the two exact forms of MLA (spec §4.2–4.3) a prefill uses; decode is always absorbed.
 * Both read the same latent cache, so a session may mix them.
 */
public enum AttentionForm {
    /** {@code W_UK} folded into the query, attention over the latents: the backend's {@code mlaAttention}. */
    ABSORBED,
    /** Keys and values decompressed from the latents for every position, then ordinary attention (on the host). */
    NAIVE
}
