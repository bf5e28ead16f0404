package dev.latte.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.latte.json.Json;
import dev.latte.synth.ModelShape;
import dev.latte.synth.SyntheticCheckpoint;
import dev.latte.synth.SyntheticDtype;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private static final ModelShape TOY = ModelShape.v2Lite()
            .with("vocab_size", 512).with("hidden_size", 256).with("num_hidden_layers", 2)
            .with("num_attention_heads", 2).with("num_key_value_heads", 2).with("kv_lora_rank", 64)
            .with("qk_nope_head_dim", 32).with("qk_rope_head_dim", 16).with("v_head_dim", 32)
            .with("intermediate_size", 384).with("moe_intermediate_size", 96)
            .with("n_routed_experts", 8).with("num_experts_per_tok", 2);

    @TempDir
    Path dir;

    @Test
    void printsOneJsonObjectWithConsistentFigures() throws Exception {
        new SyntheticCheckpoint(TOY, SyntheticDtype.FP8, 0).writeTo(dir, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = new BenchCommand(16 << 20).run(new Arguments(List.of("--model", dir.toString(), "--prompt-tokens",
                "6", "--gen-tokens", "3", "--backend", "scalar", "--threads", "2", "--json", "--profile"),
                Set.of("json", "profile")), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Object> json = Json.parseObject(out.toString(StandardCharsets.UTF_8));
        assertThat(json).containsEntry("backend", "scalar").containsEntry("threads", 2L)
                .containsEntry("prompt_tokens", 6L).containsEntry("gen_tokens", 3L)
                .containsKeys("prefill_tokens_per_s", "decode_tokens_per_s", "ttft_ms", "weight_bytes_per_token",
                        "read_bandwidth_bytes_per_s", "peak_rss_bytes", "bandwidth_ratio", "prefill_profile_ms",
                        "decode_profile_ms");
        double decodeRate = number(json, "decode_tokens_per_s");
        double bytesPerToken = number(json, "weight_bytes_per_token");
        double decodeBandwidth = number(json, "decode_bytes_per_s");
        assertThat(decodeBandwidth).isCloseTo(bytesPerToken * decodeRate, within(decodeBandwidth * 1e-9));
        assertThat(number(json, "bandwidth_ratio"))
                .isCloseTo(decodeBandwidth / number(json, "read_bandwidth_bytes_per_s"), within(1e-9));
        assertThat(number(json, "ttft_ms")).isCloseTo(6 / number(json, "prefill_tokens_per_s") * 1000, within(1e-6));
        assertThat(bytesPerToken).isPositive();
        @SuppressWarnings("unchecked")
        Map<String, Object> decodeProfile = (Map<String, Object>) json.get("decode_profile_ms");
        assertThat(decodeProfile).containsKeys("mlp dense_mlp", "mlp shared_experts", "routedExperts")
                .as("the MLPs' inner products and SwiGLU are timed once, as the MLP").doesNotContainKeys("siluMul");
        assertThat(number(json, "read_bandwidth_bytes_per_s")).isPositive();
    }

    @Test
    void anUnknownBackendIsReportedByName() throws Exception {
        new SyntheticCheckpoint(TOY, SyntheticDtype.BF16, 0).writeTo(dir, 1);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Latte.withAllCommands().run(new String[] {"bench", "--model", dir.toString(), "--backend", "abacus"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no backend named abacus");
    }

    private static double number(Map<String, Object> json, String key) {
        return ((Number) json.get(key)).doubleValue();
    }
}
