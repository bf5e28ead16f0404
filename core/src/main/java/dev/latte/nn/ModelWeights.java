package dev.latte.nn;

import dev.latte.backend.AttentionShape;
import dev.latte.backend.Backend;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.RopeFrequencies;
import dev.latte.backend.Weight;
import dev.latte.model.Checkpoint;
import dev.latte.model.ModelConfig;
import dev.latte.model.UnsupportedCheckpointException;
import dev.latte.model.WeightTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Every weight of the model, found in the checkpoint under its Hugging Face name (spec §7.1),
 * checked against the shape the config implies and uploaded to the backend.
 *
 * @param embedding {@code model.embed_tokens.weight} {@code [vocab, D]}
 * @param finalNorm {@code model.norm.weight} {@code [D]}
 * @param lmHead    {@code lm_head.weight} {@code [vocab, D]} (the embedding when tied)
 */
record ModelWeights(Weight embedding, List<DecoderLayer> layers, Weight finalNorm, Weight lmHead) {

    static ModelWeights load(Checkpoint checkpoint, Backend backend) {
        return new Loader(checkpoint, backend).load();
    }

    private static final class Loader {
        private final Checkpoint checkpoint;
        private final Backend backend;
        private final ModelConfig c;
        private final RopeFrequencies rope;
        private final AttentionShape shape;

        Loader(Checkpoint checkpoint, Backend backend) {
            this.checkpoint = checkpoint;
            this.backend = backend;
            this.c = checkpoint.config();
            this.rope = RotaryEmbedding.frequencies(c);
            this.shape = new AttentionShape(c.numAttentionHeads(), c.qkNopeHeadDim(), c.qkRopeHeadDim(), c.vHeadDim(),
                    c.kvLoraRank(), RotaryEmbedding.softmaxScale(c));
        }

        ModelWeights load() {
            int d = c.hiddenSize();
            Weight embedding = upload(checkpoint.matrix("model.embed_tokens.weight", c.vocabSize(), d));
            List<DecoderLayer> layers = new ArrayList<>();
            for (int l = 0; l < c.numHiddenLayers(); l++) {
                String p = "model.layers." + l + ".";
                layers.add(new DecoderLayer(
                        upload(checkpoint.vector(p + "input_layernorm.weight", d)),
                        attention(p + "self_attn."),
                        upload(checkpoint.vector(p + "post_attention_layernorm.weight", d)),
                        c.isMoeLayer(l) ? moe(p + "mlp.") : mlp(p + "mlp", c.intermediateSize())));
            }
            Weight finalNorm = upload(checkpoint.vector("model.norm.weight", d));
            Weight lmHead = c.tieWordEmbeddings() ? embedding : upload(checkpoint.linear("lm_head", c.vocabSize(), d));
            return new ModelWeights(embedding, List.copyOf(layers), finalNorm, lmHead);
        }

        private MultiHeadLatentAttention attention(String p) {
            int d = c.hiddenSize();
            Weight queryDown = null;
            Weight queryNorm = null;
            Weight queryUp;
            if (c.hasQueryLora()) {
                queryDown = upload(checkpoint.linear(p + "q_a_proj", c.qLoraRank(), d));
                queryNorm = upload(checkpoint.vector(p + "q_a_layernorm.weight", c.qLoraRank()));
                queryUp = upload(checkpoint.linear(p + "q_b_proj", shape.queryCols(), c.qLoraRank()));
            } else {
                queryUp = upload(checkpoint.linear(p + "q_proj", shape.queryCols(), d));
            }
            Weight kvDown = upload(checkpoint.linear(p + "kv_a_proj_with_mqa", c.kvLoraRank() + c.qkRopeHeadDim(), d));
            Weight kvNorm = upload(checkpoint.vector(p + "kv_a_layernorm.weight", c.kvLoraRank()));
            WeightTensor kvUpStored = checkpoint.linear(p + "kv_b_proj",
                    c.numAttentionHeads() * (c.qkNopeHeadDim() + c.vHeadDim()), c.kvLoraRank());
            Weight kvUp = upload(kvUpStored);
            Weight output = upload(checkpoint.linear(p + "o_proj", d, shape.outputCols()));
            return new MultiHeadLatentAttention(queryDown, queryNorm, queryUp, kvDown, kvNorm, kvUp, kvUpStored, output,
                    shape, rope);
        }

        private DenseMlp mlp(String module, int width) {
            int d = c.hiddenSize();
            return new DenseMlp(
                    upload(checkpoint.linear(module + ".gate_proj", width, d)),
                    upload(checkpoint.linear(module + ".up_proj", width, d)),
                    upload(checkpoint.linear(module + ".down_proj", d, width)));
        }

        private MixtureOfExperts moe(String p) {
            int d = c.hiddenSize();
            int experts = c.nRoutedExperts();
            Weight gate = upload(checkpoint.matrix(p + "gate.weight", experts, d));
            float[] bias = null;
            if (c.topkMethod().equals("noaux_tc")) {
                bias = checkpoint.vector(p + "gate.e_score_correction_bias", experts).decodeAll();
            }
            List<ExpertWeights> routed = new ArrayList<>(experts);
            for (int e = 0; e < experts; e++) {
                DenseMlp expert = mlp(p + "experts." + e, c.moeIntermediateSize());
                routed.add(new ExpertWeights(expert.gate(), expert.up(), expert.down()));
            }
            DenseMlp shared = c.nSharedExperts() == 0 ? null
                    : mlp(p + "shared_experts", c.nSharedExperts() * c.moeIntermediateSize());
            return new MixtureOfExperts(gate, new Router(c, bias), List.copyOf(routed), shared);
        }

        private Weight upload(WeightTensor stored) {
            if (!backend.supports(stored.encoding())) {
                throw new UnsupportedCheckpointException("backend " + backend.name() + " does not support "
                        + stored.encoding() + ", the encoding of " + stored.name());
            }
            return backend.upload(stored);
        }
    }
}
