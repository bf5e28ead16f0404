package dev.latte.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.GenerationOptions;
import dev.latte.Model;
import dev.latte.cli.TinyChatCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java, Kotlin and Scala embedding examples run, and agree with each other and with the API. */
class EmbeddingExamplesTest {
    @TempDir
    static Path checkpoint;

    @BeforeAll
    static void writeCheckpoint() throws IOException {
        TinyChatCheckpoint.writeTo(checkpoint);
    }

    @Test
    void theThreeLanguagesPrintTheSameSeededResults() throws Exception {
        String java = capture(out -> JavaEmbedding.run(checkpoint, out));
        String kotlin = capture(out -> KotlinEmbedding.run(checkpoint, out));
        String scala = capture(out -> ScalaEmbedding.run(checkpoint, out));

        assertThat(kotlin).isEqualTo(java);
        assertThat(scala).isEqualTo(java);
        try (Model model = Model.load(checkpoint)) {
            GenerationOptions options = GenerationOptions.builder().maxTokens(16).temperature(0.7).seed(42).build();
            String story = model.generate("Once upon a time", options).text();
            String capital = model.generate("The capital of France is", options).text();
            // The callback and the publisher stream the same seeded generation as the plain call.
            assertThat(java).startsWith("generate: " + capital + " [")
                    .contains("\nstream: " + story + "\npublisher: " + story + "\nchat: reasoning=")
                    .contains("\nchat again: ");
        }
    }

    private interface Example {
        void run(PrintStream out) throws Exception;
    }

    private static String capture(Example example) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
