package dev.latte.model;

import dev.latte.json.Json;
import dev.latte.json.JsonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The architecture of a DeepSeek-V2/V3-family model as its {@code config.json} describes it
 * (spec §1; field names are Hugging Face's). Missing optional fields take the defaults of the Hugging
 * Face configuration class of the model type.
 *
 * @param modelType          {@code deepseek_v2}, {@code deepseek_v3} or {@code kimi_k2}
 * @param qLoraRank          rank of the query down-projection, or 0 for a single {@code q_proj} ({@code null} in the file)
 * @param topkMethod         {@code greedy}, {@code group_limited_greedy} or {@code noaux_tc}
 * @param scoringFunc        {@code softmax} or {@code sigmoid}
 * @param ropeScaling        YaRN parameters, or {@code null} for plain RoPE
 */
public record ModelConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int qLoraRank,
        int kvLoraRank,
        int qkNopeHeadDim,
        int qkRopeHeadDim,
        int vHeadDim,
        int intermediateSize,
        int moeIntermediateSize,
        int nRoutedExperts,
        int nSharedExperts,
        int numExpertsPerTok,
        int nGroup,
        int topkGroup,
        String topkMethod,
        String scoringFunc,
        boolean normTopkProb,
        double routedScalingFactor,
        int firstKDenseReplace,
        int moeLayerFreq,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        Quantization quantization) {

    private static final Set<String> MODEL_TYPES = Set.of("deepseek_v2", "deepseek_v3", "kimi_k2");
    private static final Set<String> TOPK_METHODS = Set.of("greedy", "group_limited_greedy", "noaux_tc");
    private static final Set<String> SCORING_FUNCS = Set.of("softmax", "sigmoid");
    private static final long MAX_CONFIG_BYTES = 1 << 20;

    /** Reads and validates {@code config.json} in {@code folder}. */
    public static ModelConfig read(Path folder) {
        Path file = folder.resolve("config.json");
        String text;
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new CheckpointException(file + ": larger than " + MAX_CONFIG_BYTES + " bytes, not a model config");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(folder + ": no config.json");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return parse(Json.parseObject(text));
        } catch (JsonException e) {
            throw new CheckpointException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Validates a parsed {@code config.json} object. */
    public static ModelConfig parse(Map<String, Object> json) {
        JsonFields f = new JsonFields("config.json", json);
        String modelType = f.requireString("model_type");
        if (!MODEL_TYPES.contains(modelType)) {
            throw new UnsupportedCheckpointException("config.json: model_type \"" + modelType
                    + "\" is not supported (supported: deepseek_v2, deepseek_v3, kimi_k2)");
        }
        boolean v2 = modelType.equals("deepseek_v2");
        String act = f.stringOr("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new UnsupportedCheckpointException("config.json: hidden_act \"" + act + "\" is not supported (only silu)");
        }
        if (f.booleanOr("attention_bias", false)) {
            throw new UnsupportedCheckpointException("config.json: attention_bias true is not supported");
        }
        if (!f.has("q_lora_rank")) {
            throw f.error("field \"q_lora_rank\" is missing (write null for a model without query compression)");
        }
        Integer qLora = f.nullableInt("q_lora_rank");
        ModelConfig config = new ModelConfig(
                modelType,
                f.requireInt("vocab_size"),
                f.requireInt("hidden_size"),
                f.requireInt("num_hidden_layers"),
                f.requireInt("num_attention_heads"),
                qLora == null ? 0 : qLora,
                f.requireInt("kv_lora_rank"),
                f.requireInt("qk_nope_head_dim"),
                f.requireInt("qk_rope_head_dim"),
                f.requireInt("v_head_dim"),
                f.requireInt("intermediate_size"),
                f.requireInt("moe_intermediate_size"),
                f.requireInt("n_routed_experts"),
                f.intOr("n_shared_experts", 0),
                f.requireInt("num_experts_per_tok"),
                f.intOr("n_group", 1),
                f.intOr("topk_group", 1),
                f.stringOr("topk_method", v2 ? "greedy" : "noaux_tc"),
                f.stringOr("scoring_func", v2 ? "softmax" : "sigmoid"),
                f.booleanOr("norm_topk_prob", !v2),
                f.doubleOr("routed_scaling_factor", v2 ? 1.0 : 2.5),
                f.intOr("first_k_dense_replace", 0),
                f.intOr("moe_layer_freq", 1),
                f.requireDouble("rms_norm_eps"),
                f.requireDouble("rope_theta"),
                ropeScaling(f),
                f.requireInt("max_position_embeddings"),
                f.booleanOr("tie_word_embeddings", false),
                QuantizationParser.parse(f));
        config.validate(f);
        return config;
    }

    /** Whether layer {@code layer} has an MoE block (else a dense MLP), spec §5.1. */
    public boolean isMoeLayer(int layer) {
        return layer >= firstKDenseReplace && layer % moeLayerFreq == 0;
    }

    /** Width of one head's query and key: {@code qk_nope_head_dim + qk_rope_head_dim}. */
    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }

    /** Whether the query is compressed ({@code q_a_proj}, {@code q_a_layernorm}, {@code q_b_proj}). */
    public boolean hasQueryLora() {
        return qLoraRank > 0;
    }

    private static RopeScaling ropeScaling(JsonFields f) {
        if (!f.isSet("rope_scaling")) {
            return null;
        }
        JsonFields r = f.object("rope_scaling");
        String type = r.isSet("type") ? r.requireString("type") : r.requireString("rope_type");
        if (!type.equals("yarn")) {
            throw new UnsupportedCheckpointException("config.json: rope_scaling type \"" + type + "\" is not supported (only yarn)");
        }
        RopeScaling scaling = new RopeScaling(
                r.requireDouble("factor"),
                r.requireInt("original_max_position_embeddings"),
                r.doubleOr("beta_fast", 32),
                r.doubleOr("beta_slow", 1),
                r.doubleOr("mscale", 1),
                r.doubleOr("mscale_all_dim", 0));
        double cosSinFactor = RopeScaling.magnitude(scaling.factor(), scaling.mscale())
                / RopeScaling.magnitude(scaling.factor(), scaling.mscaleAllDim());
        if (Math.abs(cosSinFactor - 1) > 1e-6) {
            throw new UnsupportedCheckpointException("config.json: rope_scaling with mscale " + scaling.mscale()
                    + " ≠ mscale_all_dim " + scaling.mscaleAllDim() + " (a cos/sin magnitude factor ≠ 1) is not supported");
        }
        return scaling;
    }

    private void validate(JsonFields f) {
        positive(f, "vocab_size", vocabSize);
        positive(f, "hidden_size", hiddenSize);
        positive(f, "num_hidden_layers", numHiddenLayers);
        positive(f, "num_attention_heads", numAttentionHeads);
        positive(f, "kv_lora_rank", kvLoraRank);
        positive(f, "qk_nope_head_dim", qkNopeHeadDim);
        positive(f, "v_head_dim", vHeadDim);
        positive(f, "intermediate_size", intermediateSize);
        positive(f, "moe_intermediate_size", moeIntermediateSize);
        positive(f, "n_routed_experts", nRoutedExperts);
        positive(f, "num_experts_per_tok", numExpertsPerTok);
        positive(f, "n_group", nGroup);
        positive(f, "topk_group", topkGroup);
        positive(f, "moe_layer_freq", moeLayerFreq);
        positive(f, "max_position_embeddings", maxPositionEmbeddings);
        if (qLoraRank < 0) {
            throw f.error("field \"q_lora_rank\" must be positive or null");
        }
        if (qkRopeHeadDim <= 0 || qkRopeHeadDim % 2 != 0) {
            throw f.error("field \"qk_rope_head_dim\" must be a positive even number, found " + qkRopeHeadDim);
        }
        if (nSharedExperts < 0 || firstKDenseReplace < 0) {
            throw f.error("fields \"n_shared_experts\" and \"first_k_dense_replace\" must not be negative");
        }
        if (!TOPK_METHODS.contains(topkMethod)) {
            throw new UnsupportedCheckpointException("config.json: topk_method \"" + topkMethod
                    + "\" is not supported (supported: greedy, group_limited_greedy, noaux_tc)");
        }
        if (!SCORING_FUNCS.contains(scoringFunc)) {
            throw new UnsupportedCheckpointException("config.json: scoring_func \"" + scoringFunc
                    + "\" is not supported (supported: softmax, sigmoid)");
        }
        if (nRoutedExperts % nGroup != 0 || topkGroup > nGroup) {
            throw f.error("n_routed_experts " + nRoutedExperts + " must split into n_group " + nGroup
                    + " equal groups, and topk_group " + topkGroup + " must not exceed n_group");
        }
        if (numExpertsPerTok > nRoutedExperts || numExpertsPerTok > topkGroup * (nRoutedExperts / nGroup)) {
            throw f.error("num_experts_per_tok " + numExpertsPerTok + " exceeds the experts the routing can select");
        }
        if (ropeScaling != null && (ropeScaling.factor() <= 0 || ropeScaling.originalMaxPositionEmbeddings() <= 0)) {
            throw f.error("rope_scaling factor and original_max_position_embeddings must be positive");
        }
        if (!(rmsNormEps > 0) || !(ropeTheta > 1)) {
            throw f.error("rms_norm_eps must be positive and rope_theta greater than 1");
        }
    }

    private static void positive(JsonFields f, String field, int value) {
        if (value <= 0) {
            throw f.error("field \"" + field + "\" must be positive, found " + value);
        }
    }
}
