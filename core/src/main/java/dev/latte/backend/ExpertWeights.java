package dev.latte.backend;

/**
 * The three projections of one SwiGLU expert: {@code down · (SiLU(gate · x) ⊙ (up · x))}.
 *
 * @param gate {@code [moe_intermediate_size, hidden_size]}
 * @param up   {@code [moe_intermediate_size, hidden_size]}
 * @param down {@code [hidden_size, moe_intermediate_size]}
 */
public record ExpertWeights(Weight gate, Weight up, Weight down) {
}
