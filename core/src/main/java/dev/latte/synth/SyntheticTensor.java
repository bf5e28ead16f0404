package dev.latte.synth;

/**
 * One tensor of a synthetic checkpoint file: its header entry and how its bytes are drawn.
 *
 * @param layout name, element type and shape
 * @param content the rule that generates its bytes
 */
public record SyntheticTensor(TensorLayout layout, TensorContent content) {
}
