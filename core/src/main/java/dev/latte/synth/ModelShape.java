package dev.latte.synth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hyperparameters of a DeepSeek-architecture model, held as the Hugging Face
 * {@code config.json} fields they are written to, with typed accessors for the ones that decide
 * the tensor shapes.
 *
 * <p>{@link #v2Lite()} and {@link #v3()} carry the released models' values (spec §1.2);
 * {@link #withLayers} cuts a model to its first layers, keeping every per-layer shape.
 * The synthetic checkpoints hold no multi-token-prediction layers, so
 * {@code num_nextn_predict_layers} is 0 in both.
 */
public final class ModelShape {
    private final Map<String, Object> config;

    private ModelShape(Map<String, Object> config) {
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** A shape from explicit {@code config.json} fields (e.g. a small one for tests). */
    public static ModelShape of(Map<String, Object> config) {
        return new ModelShape(config);
    }

    /** The shape selected by its command-line name: {@code v2-lite} or {@code v3}. */
    public static ModelShape named(String name) {
        return switch (name) {
            case "v2-lite" -> v2Lite();
            case "v3" -> v3();
            default -> throw new IllegalArgumentException("unknown model shape '" + name + "' (expected v2-lite or v3)");
        };
    }

    /** DeepSeek-V2-Lite: 27 layers of width 2048, 64 routed experts (top 6) and 2 shared, no query compression. */
    public static ModelShape v2Lite() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of("DeepseekV2ForCausalLM"));
        c.put("model_type", "deepseek_v2");
        c.put("vocab_size", 102400);
        c.put("hidden_size", 2048);
        c.put("intermediate_size", 10944);
        c.put("moe_intermediate_size", 1408);
        c.put("num_hidden_layers", 27);
        c.put("num_attention_heads", 16);
        c.put("num_key_value_heads", 16);
        c.put("n_shared_experts", 2);
        c.put("n_routed_experts", 64);
        c.put("num_experts_per_tok", 6);
        c.put("routed_scaling_factor", 1.0);
        c.put("topk_method", "greedy");
        c.put("n_group", 1);
        c.put("topk_group", 1);
        c.put("scoring_func", "softmax");
        c.put("norm_topk_prob", false);
        c.put("moe_layer_freq", 1);
        c.put("first_k_dense_replace", 1);
        c.put("q_lora_rank", null);
        c.put("kv_lora_rank", 512);
        c.put("qk_nope_head_dim", 128);
        c.put("qk_rope_head_dim", 64);
        c.put("v_head_dim", 128);
        c.put("hidden_act", "silu");
        c.put("max_position_embeddings", 163840);
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_theta", 10000.0);
        c.put("rope_scaling", yarn(40.0, 0.707));
        c.put("attention_bias", false);
        c.put("tie_word_embeddings", false);
        c.put("bos_token_id", 100000);
        c.put("eos_token_id", 100001);
        c.put("num_nextn_predict_layers", 0);
        c.put("torch_dtype", "bfloat16");
        return new ModelShape(c);
    }

    /** DeepSeek-V3: 61 layers of width 7168, 256 routed experts (top 8, grouped) and 1 shared, query rank 1536. */
    public static ModelShape v3() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of("DeepseekV3ForCausalLM"));
        c.put("model_type", "deepseek_v3");
        c.put("vocab_size", 129280);
        c.put("hidden_size", 7168);
        c.put("intermediate_size", 18432);
        c.put("moe_intermediate_size", 2048);
        c.put("num_hidden_layers", 61);
        c.put("num_attention_heads", 128);
        c.put("num_key_value_heads", 128);
        c.put("n_shared_experts", 1);
        c.put("n_routed_experts", 256);
        c.put("num_experts_per_tok", 8);
        c.put("routed_scaling_factor", 2.5);
        c.put("topk_method", "noaux_tc");
        c.put("n_group", 8);
        c.put("topk_group", 4);
        c.put("scoring_func", "sigmoid");
        c.put("norm_topk_prob", true);
        c.put("moe_layer_freq", 1);
        c.put("first_k_dense_replace", 3);
        c.put("q_lora_rank", 1536);
        c.put("kv_lora_rank", 512);
        c.put("qk_nope_head_dim", 128);
        c.put("qk_rope_head_dim", 64);
        c.put("v_head_dim", 128);
        c.put("hidden_act", "silu");
        c.put("max_position_embeddings", 163840);
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_theta", 10000.0);
        c.put("rope_scaling", yarn(40.0, 1.0));
        c.put("attention_bias", false);
        c.put("tie_word_embeddings", false);
        c.put("bos_token_id", 0);
        c.put("eos_token_id", 1);
        c.put("num_nextn_predict_layers", 0);
        c.put("torch_dtype", "bfloat16");
        return new ModelShape(c);
    }

    private static Map<String, Object> yarn(double factor, double mscale) {
        Map<String, Object> rope = new LinkedHashMap<>();
        rope.put("type", "yarn");
        rope.put("factor", factor);
        rope.put("original_max_position_embeddings", 4096);
        rope.put("beta_fast", 32);
        rope.put("beta_slow", 1);
        rope.put("mscale", mscale);
        rope.put("mscale_all_dim", mscale);
        return rope;
    }

    /** This shape with {@code field} set to {@code value} (added at the end when new). */
    public ModelShape with(String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(config);
        copy.put(field, value);
        return new ModelShape(copy);
    }

    /** The first {@code layers} decoder layers of this model, every per-layer shape kept. */
    public ModelShape withLayers(int layers) {
        if (layers < 1 || layers > layers()) {
            throw new IllegalArgumentException("layers must be between 1 and " + layers() + ", got " + layers);
        }
        return with("num_hidden_layers", layers);
    }

    /** The {@code config.json} fields, in file order. */
    public Map<String, Object> config() {
        return config;
    }

    public int vocabSize() {
        return integer("vocab_size");
    }

    /** Residual width {@code D}. */
    public int hiddenSize() {
        return integer("hidden_size");
    }

    public int layers() {
        return integer("num_hidden_layers");
    }

    public int heads() {
        return integer("num_attention_heads");
    }

    /** Whether queries go through a low-rank compression ({@code q_a_proj}/{@code q_b_proj}) rather than one {@code q_proj}. */
    public boolean compressesQueries() {
        Object rank = config.get("q_lora_rank");
        return rank != null && ((Number) rank).intValue() > 0;
    }

    public int queryRank() {
        return integer("q_lora_rank");
    }

    public int kvRank() {
        return integer("kv_lora_rank");
    }

    public int noPositionHeadDim() {
        return integer("qk_nope_head_dim");
    }

    public int ropeHeadDim() {
        return integer("qk_rope_head_dim");
    }

    public int valueHeadDim() {
        return integer("v_head_dim");
    }

    /** Width of the dense MLP of the first layers. */
    public int denseIntermediateSize() {
        return integer("intermediate_size");
    }

    /** Width of each routed expert, and the unit width of the shared experts. */
    public int expertIntermediateSize() {
        return integer("moe_intermediate_size");
    }

    public int routedExperts() {
        return integer("n_routed_experts");
    }

    public int sharedExperts() {
        return integer("n_shared_experts");
    }

    /** Whether the router has a selection bias ({@code e_score_correction_bias}), as in V3's {@code noaux_tc}. */
    public boolean hasRouterBias() {
        return "noaux_tc".equals(config.get("topk_method"));
    }

    /** Whether layer {@code layer} has a mixture of experts rather than a dense MLP (spec §5.1). */
    public boolean isMoeLayer(int layer) {
        int frequency = config.containsKey("moe_layer_freq") ? integer("moe_layer_freq") : 1;
        return routedExperts() > 0 && layer >= integer("first_k_dense_replace") && layer % frequency == 0;
    }

    private int integer(String field) {
        Object value = config.get(field);
        if (!(value instanceof Number number)) {
            throw new IllegalStateException("model shape field " + field + " is " + value + ", not a number");
        }
        return number.intValue();
    }
}
