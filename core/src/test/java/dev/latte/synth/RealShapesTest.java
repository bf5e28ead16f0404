package dev.latte.synth;

import dev.latte.model.DType;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tensors planned for the released shapes, against the published names, shapes and sizes. */
class RealShapesTest {

    /** Names and shapes of spec §7.1 (the V2-Lite values in brackets there). */
    @Test
    void v2LiteCutToTwoLayersHasEveryTensorOfTheHuggingFaceCheckpoint() {
        Map<String, TensorLayout> tensors = plan(ModelShape.v2Lite().withLayers(2), SyntheticDtype.BF16);

        Map<String, List<Long>> expected = new LinkedHashMap<>();
        expected.put("model.embed_tokens.weight", shape(102400, 2048));
        for (int layer = 0; layer < 2; layer++) {
            String p = "model.layers." + layer + ".";
            expected.put(p + "input_layernorm.weight", shape(2048));
            expected.put(p + "post_attention_layernorm.weight", shape(2048));
            expected.put(p + "self_attn.q_proj.weight", shape(3072, 2048));
            expected.put(p + "self_attn.kv_a_proj_with_mqa.weight", shape(576, 2048));
            expected.put(p + "self_attn.kv_a_layernorm.weight", shape(512));
            expected.put(p + "self_attn.kv_b_proj.weight", shape(4096, 512));
            expected.put(p + "self_attn.o_proj.weight", shape(2048, 2048));
        }
        expected.put("model.layers.0.mlp.gate_proj.weight", shape(10944, 2048));
        expected.put("model.layers.0.mlp.up_proj.weight", shape(10944, 2048));
        expected.put("model.layers.0.mlp.down_proj.weight", shape(2048, 10944));
        expected.put("model.layers.1.mlp.gate.weight", shape(64, 2048));
        for (int expert = 0; expert < 64; expert++) {
            String p = "model.layers.1.mlp.experts." + expert + ".";
            expected.put(p + "gate_proj.weight", shape(1408, 2048));
            expected.put(p + "up_proj.weight", shape(1408, 2048));
            expected.put(p + "down_proj.weight", shape(2048, 1408));
        }
        expected.put("model.layers.1.mlp.shared_experts.gate_proj.weight", shape(2816, 2048));
        expected.put("model.layers.1.mlp.shared_experts.up_proj.weight", shape(2816, 2048));
        expected.put("model.layers.1.mlp.shared_experts.down_proj.weight", shape(2048, 2816));
        expected.put("model.norm.weight", shape(2048));
        expected.put("lm_head.weight", shape(102400, 2048));

        assertThat(tensors.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, shape) -> assertThat(tensors.get(name).shape()).as(name).isEqualTo(shape));
        assertThat(tensors.values()).allSatisfy(t -> assertThat(t.type()).isEqualTo(DType.BF16));
    }

    /** DeepSeek-V2-Lite has 15.7 B parameters (its model card); DeepSeek-V3 671 B without the MTP module (its README_WEIGHTS). */
    @Test
    void fullModelsHaveThePublishedParameterCounts() {
        assertThat(parameters(ModelShape.v2Lite())).isBetween(15_650_000_000L, 15_750_000_000L);
        assertThat(parameters(ModelShape.v3())).isBetween(668_000_000_000L, 674_000_000_000L);
    }

    /** Scale grids of spec §7.1 for V3: {@code [ceil(out/128), ceil(in/128)]}, F32, beside F8_E4M3 weights. */
    @Test
    void v3Fp8HasOneScalePer128By128Block() {
        Map<String, TensorLayout> tensors = plan(ModelShape.v3().withLayers(4), SyntheticDtype.FP8);
        String attention = "model.layers.3.self_attn.";
        assertThat(tensors.get(attention + "q_a_proj.weight_scale_inv").shape()).isEqualTo(shape(12, 56));
        assertThat(tensors.get(attention + "q_b_proj.weight_scale_inv").shape()).isEqualTo(shape(192, 12));
        assertThat(tensors.get(attention + "kv_a_proj_with_mqa.weight_scale_inv").shape()).isEqualTo(shape(5, 56));
        assertThat(tensors.get(attention + "kv_b_proj.weight_scale_inv").shape()).isEqualTo(shape(256, 4));
        assertThat(tensors.get(attention + "o_proj.weight_scale_inv").shape()).isEqualTo(shape(56, 128));
        assertThat(tensors.get(attention + "o_proj.weight").type()).isEqualTo(DType.F8_E4M3);
        assertThat(tensors.get(attention + "o_proj.weight").shape()).isEqualTo(shape(7168, 16384));
        assertThat(tensors.get("model.layers.3.mlp.experts.255.down_proj.weight_scale_inv").shape()).isEqualTo(shape(56, 16));
        assertThat(tensors.get("model.layers.3.mlp.experts.255.down_proj.weight_scale_inv").type()).isEqualTo(DType.F32);
        assertThat(tensors.get("model.layers.2.mlp.down_proj.weight_scale_inv").shape()).isEqualTo(shape(56, 144));
        assertThat(tensors.get("model.layers.3.mlp.gate.weight").type()).isEqualTo(DType.BF16);
        assertThat(tensors.get("model.layers.3.mlp.gate.e_score_correction_bias").type()).isEqualTo(DType.F32);
        assertThat(tensors.get("model.layers.3.mlp.gate.e_score_correction_bias").shape()).isEqualTo(shape(256));
        assertThat(tensors).doesNotContainKey("model.layers.2.mlp.gate.weight");
    }

    /** Spec §8.3: {@code weight_packed} int32 {@code [out, in/8]}, {@code weight_scale} {@code [out, in/32]}, {@code weight_shape} int32 [2]. */
    @Test
    void int4PacksEightValuesPerIntWithOneScalePerGroupOf32() {
        Map<String, TensorLayout> tensors = plan(ModelShape.v2Lite().withLayers(2), SyntheticDtype.INT4);
        String expert = "model.layers.1.mlp.experts.63.down_proj.";
        assertThat(tensors.get(expert + "weight_packed")).isEqualTo(TensorLayout.of(expert + "weight_packed", DType.I32, 2048, 176));
        assertThat(tensors.get(expert + "weight_scale")).isEqualTo(TensorLayout.of(expert + "weight_scale", DType.BF16, 2048, 44));
        assertThat(tensors.get(expert + "weight_shape")).isEqualTo(TensorLayout.of(expert + "weight_shape", DType.I32, 2));
        assertThat(tensors).doesNotContainKey(expert + "weight");
        assertThat(tensors.get("lm_head.weight_packed").shape()).isEqualTo(shape(102400, 256));
        assertThat(tensors.get("model.embed_tokens.weight").type()).isEqualTo(DType.BF16);
    }

    private static Map<String, TensorLayout> plan(ModelShape shape, SyntheticDtype dtype) {
        Map<String, TensorLayout> tensors = new LinkedHashMap<>();
        for (SyntheticTensor tensor : new SyntheticCheckpoint(shape, dtype, 0).tensors()) {
            tensors.put(tensor.layout().name(), tensor.layout());
        }
        return tensors;
    }

    private static long parameters(ModelShape shape) {
        return new SyntheticCheckpoint(shape, SyntheticDtype.BF16, 0).tensors().stream()
                .mapToLong(t -> t.layout().elements()).sum();
    }

    private static List<Long> shape(long... dims) {
        return Arrays.stream(dims).boxed().toList();
    }
}
