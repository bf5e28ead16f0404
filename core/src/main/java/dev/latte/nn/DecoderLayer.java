package dev.latte.nn;

import dev.latte.backend.Weight;

/**
 * One decoder block: {@code x += MLA(RMSNorm(x)); x += FFN(RMSNorm(x))} (spec §2).
 *
 * @param inputNorm         {@code input_layernorm} {@code [D]}
 * @param postAttentionNorm {@code post_attention_layernorm} {@code [D]}
 */
record DecoderLayer(Weight inputNorm, MultiHeadLatentAttention attention, Weight postAttentionNorm,
                    FeedForward feedForward) {
}
