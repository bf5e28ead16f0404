package dev.latte.nn;

import dev.latte.backend.Activations;
import dev.latte.backend.Backend;

/** The second half of a decoder layer: a dense SwiGLU MLP or a mixture of experts. */
sealed interface FeedForward permits DenseMlp, MixtureOfExperts {

    /** Writes the block's output for {@code x} ({@code [T, D]}, already normed) to {@code out} ({@code [T, D]}). */
    void forward(Backend backend, Activations x, Activations out);
}
