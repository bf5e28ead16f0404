package dev.latte.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.backend.Backends;
import dev.latte.model.Checkpoint;
import dev.latte.nn.Session;
import dev.latte.nn.Transformer;
import dev.latte.synth.ModelShape;
import dev.latte.synth.SyntheticCheckpoint;
import dev.latte.synth.SyntheticDtype;
import dev.latte.synth.SyntheticTensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MeteredBackendTest {
    /** V2-Lite's structure at toy width: layer 0 dense, layers 1–2 with 8 routed experts (top 2) and 2 shared. */
    static final ModelShape TOY = ModelShape.v2Lite()
            .with("vocab_size", 512).with("hidden_size", 256).with("num_hidden_layers", 3)
            .with("num_attention_heads", 2).with("num_key_value_heads", 2).with("kv_lora_rank", 64)
            .with("qk_nope_head_dim", 32).with("qk_rope_head_dim", 16).with("v_head_dim", 32)
            .with("intermediate_size", 384).with("moe_intermediate_size", 96)
            .with("n_routed_experts", 8).with("num_experts_per_tok", 2);

    @TempDir
    Path dir;

    static Stream<Arguments> dtypesAndBackends() {
        return Stream.of(SyntheticDtype.values())
                .flatMap(dtype -> Stream.of(Arguments.of(dtype, "scalar"), Arguments.of(dtype, "cpu-simd")));
    }

    /**
     * One decode step reads every stored weight once, except that the embedding gives one row and
     * each MoE layer only its top-k experts; the expected count comes from the file layout alone.
     * The dense and shared MLPs are one operation each, whichever way the backend runs them: the
     * scalar backend as separate products and SwiGLU, which must not be metered a second time,
     * cpu-simd fused.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dtypesAndBackends")
    void aDecodeStepReadsEveryWeightButOneEmbeddingRowAndTheUnselectedExperts(SyntheticDtype dtype, String backendName)
            throws IOException {
        SyntheticCheckpoint synthetic = new SyntheticCheckpoint(TOY, dtype, 1);
        synthetic.writeTo(dir, 1);
        long all = 0;
        long embedding = 0;
        long oneExpert = 0;
        for (SyntheticTensor tensor : synthetic.tensors()) {
            String name = tensor.layout().name();
            long bytes = tensor.layout().byteSize();
            if (!name.endsWith(".weight_shape")) {
                all += bytes;
            }
            if (name.equals("model.embed_tokens.weight")) {
                embedding = bytes;
            }
            if (name.startsWith("model.layers.1.mlp.experts.0.") && !name.endsWith(".weight_shape")) {
                oneExpert += bytes;
            }
        }
        int moeLayers = 2;
        long expected = all - embedding + embedding / 512 - moeLayers * (8 - 2) * oneExpert;

        try (Checkpoint checkpoint = Checkpoint.open(dir);
             MeteredBackend backend = new MeteredBackend(Backends.create(backendName, 2))) {
            Transformer model = Transformer.load(checkpoint, backend);
            try (Session session = model.newSession(8)) {
                model.prefill(session, new int[] {3, 1, 4, 1, 5});
                for (int token : new int[] {9, 2, 6}) {
                    long before = backend.weightBytesRead();
                    model.decode(session, token);
                    assertThat(backend.weightBytesRead() - before).isEqualTo(expected);
                }
            }
            assertThat(backend.nanosByOperation()).containsKeys("embed", "matmul self_attn", "mlp dense_mlp",
                    "matmul router", "routedExperts", "mlp shared_experts", "mlaAttention", "matmul lm_head")
                    .doesNotContainKeys("matmul dense_mlp", "matmul shared_experts", "siluMul");
        }
    }
}
