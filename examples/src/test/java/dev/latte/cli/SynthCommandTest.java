package dev.latte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheConfigOfTheCutModel() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // One V2-Lite layer (dense) in INT4: the smallest real-shape checkpoint, 0.6 GB, most of it the BF16 embedding.
        int status = Latte.withAllCommands().run(new String[] {"synth", "--shape", "v2-lite", "--layers", "1", "--dtype", "int4",
                "--out", dir.toString(), "--seed", "4"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Object> config = Json.parseObject(Files.readString(dir.resolve("config.json")));
        assertThat(config).containsEntry("num_hidden_layers", 1L).containsEntry("hidden_size", 2048L)
                .containsEntry("n_routed_experts", 64L).containsKey("quantization_config");
        assertThat(Files.size(dir.resolve("model.safetensors"))).isGreaterThan(500_000_000L);
    }

    @Test
    void anUnknownShapeIsAUsageErrorNamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Latte.withAllCommands().run(new String[] {"synth", "--shape", "v9", "--dtype", "bf16", "--out",
                dir.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown model shape 'v9'", "usage: latte synth");
    }
}
