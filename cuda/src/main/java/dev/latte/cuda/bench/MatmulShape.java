package dev.latte.cuda.bench;

import java.util.List;

/**
 * One weight matrix of a model's forward pass and how many times a decoded token multiplies it.
 *
 * @param perToken matrices of this shape a single decoded token streams (layers × experts chosen)
 */
record MatmulShape(String name, int rows, int cols, int perToken) {

    /**
     * DeepSeek-V2-Lite (spec §1.2, §7.1): 27 layers, the first dense, 26 MoE with 64 routed experts
     * (6 chosen) of width 1408 and 2 shared (one MLP of width 2816), no q_lora, kv_lora 512.
     */
    static List<MatmulShape> v2Lite() {
        return List.of(
                new MatmulShape("q_proj", 3072, 2048, 27),
                new MatmulShape("kv_a_proj_with_mqa", 576, 2048, 27),
                new MatmulShape("kv_b_proj", 4096, 512, 27),
                new MatmulShape("o_proj", 2048, 2048, 27),
                new MatmulShape("dense gate/up", 10944, 2048, 2),
                new MatmulShape("dense down", 2048, 10944, 1),
                new MatmulShape("router", 64, 2048, 26),
                new MatmulShape("expert gate/up", 1408, 2048, 26 * 6 * 2),
                new MatmulShape("expert down", 2048, 1408, 26 * 6),
                new MatmulShape("shared gate/up", 2816, 2048, 26 * 2),
                new MatmulShape("shared down", 2048, 2816, 26),
                new MatmulShape("lm_head", 102400, 2048, 1));
    }
}
