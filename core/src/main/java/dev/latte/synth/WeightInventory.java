package dev.latte.synth;

import dev.latte.synth.LogicalWeight.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Every weight a DeepSeek {@code config.json} implies, in the Hugging Face naming and in the order
 * the released checkpoints list them (spec §7.1): embedding, then per layer the norms, attention
 * (multi-head latent attention, with or without query compression) and the dense MLP or the
 * mixture of experts, then the final norm and the output head.
 */
public final class WeightInventory {
    private final ModelShape shape;
    private final List<LogicalWeight> weights = new ArrayList<>();

    private WeightInventory(ModelShape shape) {
        this.shape = shape;
    }

    /** The weights of {@code shape}, in checkpoint order. */
    public static List<LogicalWeight> of(ModelShape shape) {
        WeightInventory inventory = new WeightInventory(shape);
        inventory.listAll();
        return List.copyOf(inventory.weights);
    }

    private void listAll() {
        int d = shape.hiddenSize();
        matrix("model.embed_tokens.weight", Role.EMBEDDING, shape.vocabSize(), d);
        for (int layer = 0; layer < shape.layers(); layer++) {
            String prefix = "model.layers." + layer + ".";
            vector(prefix + "input_layernorm.weight", Role.NORM, d);
            vector(prefix + "post_attention_layernorm.weight", Role.NORM, d);
            attention(prefix + "self_attn.");
            if (shape.isMoeLayer(layer)) {
                mixtureOfExperts(prefix + "mlp.");
            } else {
                mlp(prefix + "mlp.", shape.denseIntermediateSize());
            }
        }
        vector("model.norm.weight", Role.NORM, d);
        matrix("lm_head.weight", Role.OUTPUT_HEAD, shape.vocabSize(), d);
    }

    private void attention(String prefix) {
        int d = shape.hiddenSize();
        int heads = shape.heads();
        int queryHeadDim = shape.noPositionHeadDim() + shape.ropeHeadDim();
        if (shape.compressesQueries()) {
            projection(prefix + "q_a_proj.weight", shape.queryRank(), d);
            vector(prefix + "q_a_layernorm.weight", Role.NORM, shape.queryRank());
            projection(prefix + "q_b_proj.weight", heads * queryHeadDim, shape.queryRank());
        } else {
            projection(prefix + "q_proj.weight", heads * queryHeadDim, d);
        }
        projection(prefix + "kv_a_proj_with_mqa.weight", shape.kvRank() + shape.ropeHeadDim(), d);
        vector(prefix + "kv_a_layernorm.weight", Role.NORM, shape.kvRank());
        projection(prefix + "kv_b_proj.weight", heads * (shape.noPositionHeadDim() + shape.valueHeadDim()),
                shape.kvRank());
        projection(prefix + "o_proj.weight", d, heads * shape.valueHeadDim());
    }

    private void mixtureOfExperts(String prefix) {
        matrix(prefix + "gate.weight", Role.ROUTER, shape.routedExperts(), shape.hiddenSize());
        if (shape.hasRouterBias()) {
            vector(prefix + "gate.e_score_correction_bias", Role.ROUTER_BIAS, shape.routedExperts());
        }
        for (int expert = 0; expert < shape.routedExperts(); expert++) {
            mlp(prefix + "experts." + expert + ".", shape.expertIntermediateSize());
        }
        if (shape.sharedExperts() > 0) {
            mlp(prefix + "shared_experts.", shape.sharedExperts() * shape.expertIntermediateSize());
        }
    }

    private void mlp(String prefix, int width) {
        projection(prefix + "gate_proj.weight", width, shape.hiddenSize());
        projection(prefix + "up_proj.weight", width, shape.hiddenSize());
        projection(prefix + "down_proj.weight", shape.hiddenSize(), width);
    }

    private void projection(String name, int out, int in) {
        matrix(name, Role.PROJECTION, out, in);
    }

    private void matrix(String name, Role role, int rows, int columns) {
        weights.add(new LogicalWeight(name, role, rows, columns));
    }

    private void vector(String name, Role role, int length) {
        weights.add(new LogicalWeight(name, role, length, 0));
    }
}
