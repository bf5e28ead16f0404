package dev.latte.nn;

import dev.latte.backend.Activations;
import dev.latte.backend.Backend;
import dev.latte.backend.Weight;

/**
 * SwiGLU MLP {@code down · (SiLU(gate · x) ⊙ (up · x))} (spec §2.2): the dense layers and the
 * shared experts (one MLP {@code n_shared_experts × moe_intermediate_size} wide).
 *
 * @param gate {@code [I, D]}
 * @param up   {@code [I, D]}
 * @param down {@code [D, I]}
 */
record DenseMlp(Weight gate, Weight up, Weight down) implements FeedForward {

    @Override
    public void forward(Backend backend, Activations x, Activations out) {
        backend.mlp(x, gate, up, down, out);
    }
}
