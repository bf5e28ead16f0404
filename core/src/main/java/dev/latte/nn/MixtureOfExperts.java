package dev.latte.nn;

import dev.latte.backend.Activations;
import dev.latte.backend.Backend;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.Routing;
import dev.latte.backend.Weight;
import java.util.List;

/**
 * DeepSeek MoE (spec §5.2): {@code y = Σ_k w_k · Expert_{idx_k}(x) + SharedMLP(x)}, the router
 * logits computed by the backend and the selection made by {@link Router} on the host.
 *
 * @param gate          router weight {@code mlp.gate.weight} {@code [E, D]}
 * @param router        top-k selection and weighting
 * @param experts       routed experts by id, {@code E} of them
 * @param sharedExperts the always-on MLP, or {@code null} when {@code n_shared_experts} is 0
 */
record MixtureOfExperts(Weight gate, Router router, List<ExpertWeights> experts, DenseMlp sharedExperts)
        implements FeedForward {

    @Override
    public void forward(Backend backend, Activations x, Activations out) {
        Routing routing;
        try (Activations logits = backend.allocate(x.rows(), gate.rows())) {
            backend.matmul(x, gate, logits);
            routing = router.route(backend.toHost(logits), x.rows());
        }
        backend.routedExperts(x, experts, routing, out);
        if (sharedExperts != null) {
            try (Activations shared = backend.allocate(x.rows(), x.cols())) {
                sharedExperts.forward(backend, x, shared);
                backend.add(out, shared);
            }
        }
    }
}
