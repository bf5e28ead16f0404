package dev.latte.synth;

/** DeepSeek shapes small enough to write in a test: every kind of tensor, few of each. */
final class ToyShapes {
    private ToyShapes() {
    }

    /** V2-Lite's structure (no query compression, softmax routing, 2 shared experts) at width 256. */
    static ModelShape v2Lite() {
        return ModelShape.v2Lite()
                .with("vocab_size", 512).with("hidden_size", 256).with("num_hidden_layers", 3)
                .with("num_attention_heads", 2).with("num_key_value_heads", 2).with("kv_lora_rank", 64)
                .with("qk_nope_head_dim", 32).with("qk_rope_head_dim", 16).with("v_head_dim", 32)
                .with("intermediate_size", 384).with("moe_intermediate_size", 96)
                .with("n_routed_experts", 8).with("num_experts_per_tok", 2);
    }

    /** V3's structure (query compression, sigmoid routing with a selection bias, groups) at width 256. */
    static ModelShape v3() {
        return ModelShape.v3()
                .with("vocab_size", 512).with("hidden_size", 256).with("num_hidden_layers", 3)
                .with("first_k_dense_replace", 1)
                .with("num_attention_heads", 2).with("num_key_value_heads", 2).with("q_lora_rank", 128)
                .with("kv_lora_rank", 64).with("qk_nope_head_dim", 32).with("qk_rope_head_dim", 16)
                .with("v_head_dim", 32).with("intermediate_size", 384).with("moe_intermediate_size", 96)
                .with("n_routed_experts", 8).with("num_experts_per_tok", 2).with("n_group", 2).with("topk_group", 1);
    }
}
