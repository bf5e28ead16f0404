package dev.latte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointWarmupTest {

    @Test
    void showsABarThatEndsAtTheFilesTotalSize(@TempDir Path folder) throws Exception {
        Files.write(folder.resolve("model-00001-of-00002.safetensors"), new byte[40 << 20]);
        Files.write(folder.resolve("model-00002-of-00002.safetensors"), new byte[10 << 20]);
        Files.write(folder.resolve("config.json"), new byte[1 << 20]);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        CheckpointWarmup.readWithProgress(folder, new PrintStream(err, true, StandardCharsets.UTF_8), 1);

        String shown = err.toString(StandardCharsets.UTF_8);
        String last = shown.substring(shown.lastIndexOf('\r') + 1).strip();
        assertThat(last).isEqualTo(CheckpointWarmup.bar(100, 50L << 20, 50L << 20))
                .startsWith("loading [" + "#".repeat(40) + "] 100% 0.1/0.1 GB");
        // Read in 16 MiB pieces: 16 and 32 MiB into the first file, its end at 40, then 50.
        assertThat(shown.substring(1).split("\r")).extracting(line -> line.substring(51, 55).strip())
                .containsExactly("32%", "64%", "80%", "100%");
    }

    @Test
    void smallCheckpointsLoadWithoutABar(@TempDir Path folder) throws Exception {
        Files.write(folder.resolve("model.safetensors"), new byte[1024]);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CheckpointWarmup.readWithProgress(folder, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.size()).isZero();
    }
}
