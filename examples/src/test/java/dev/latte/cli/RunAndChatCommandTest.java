package dev.latte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.ChatResponse;
import dev.latte.GenerationOptions;
import dev.latte.Message;
import dev.latte.Model;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latte run} and {@code latte chat} on a small random checkpoint with the real DeepSeek-V3
 * tokenizer and template: what they print is what the API answers for the same options.
 */
class RunAndChatCommandTest {
    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0).maxTokens(6).build();

    @TempDir
    static Path checkpoint;

    @BeforeAll
    static void writeCheckpoint() throws IOException {
        TinyChatCheckpoint.writeTo(checkpoint);
    }

    @Test
    void runStreamsTheAnswerTheApiGivesAndItsSpeed() throws Exception {
        Result result = latte(null, "run", "--model", checkpoint.toString(), "--prompt", "Why is the sky blue?",
                "--max-tokens", "6", "--temperature", "0");

        assertThat(result.status()).as(result.err()).isZero();
        try (Model model = Model.load(checkpoint)) {
            ChatResponse expected = model.chat(List.of(Message.user("Why is the sky blue?")), GREEDY);
            assertThat(result.out()).isEqualTo(expected.content() + System.lineSeparator());
        }
        assertThat(result.err()).contains("6 tokens in").contains("tokens/s").contains("finished: LENGTH");
    }

    @Test
    void chatKeepsTheConversationUntilExit() throws Exception {
        Result result = latte("Hello\nAnd then?\n/exit\nnever read\n", "chat", "--model", checkpoint.toString(),
                "--max-tokens", "6", "--temperature", "0");

        assertThat(result.status()).as(result.err()).isZero();
        List<Message> conversation = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        try (Model model = Model.load(checkpoint)) {
            for (String line : List.of("Hello", "And then?")) {
                conversation.add(Message.user(line));
                ChatResponse response = model.chat(conversation, GREEDY);
                conversation.add(response.message());
                expected.append("> ").append(response.content()).append(System.lineSeparator());
            }
        }
        expected.append("> ").append(System.lineSeparator());
        assertThat(result.out()).isEqualTo(expected.toString());
        assertThat(result.err().lines().filter(l -> l.contains("tokens/s"))).hasSize(2);
    }

    @Test
    void chatEndsAtTheEndOfInput() throws Exception {
        Result result = latte("", "chat", "--model", checkpoint.toString());
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("> " + System.lineSeparator());
    }

    @Test
    void anInvalidOptionIsNamed() throws Exception {
        Result result = latte(null, "run", "--model", checkpoint.toString(), "--prompt", "x", "--temperature", "-1");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("temperature must be a finite number >= 0, got -1.0");
    }

    @Test
    void withoutAModelTheDemoCheckpointIsBuiltOnceAndSaysSo(@TempDir Path cache) throws Exception {
        String previous = System.setProperty("latte.cache", cache.toString());
        try {
            Result first = latte(null, "run", "--prompt", "Hi", "--max-tokens", "2");
            assertThat(first.status()).as(first.err()).isZero();
            assertThat(first.err().lines().filter(l -> l.contains("demo checkpoint")).toList()).singleElement()
                    .asString().contains("building it once");
            Result second = latte(null, "run", "--prompt", "Hi", "--max-tokens", "2");
            assertThat(second.err()).contains("demo checkpoint").doesNotContain("building");
            try (Model demo = Model.load(cache.resolve(DemoCheckpoint.NAME))) {
                assertThat(demo.vocabularySize()).isEqualTo(129280);
                assertThat(demo.hasChatTemplate()).isTrue();
            }
        } finally {
            if (previous == null) {
                System.clearProperty("latte.cache");
            } else {
                System.setProperty("latte.cache", previous);
            }
        }
    }

    private record Result(int status, String out, String err) {}

    private static Result latte(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] stdin = (input == null ? "" : input).getBytes(StandardCharsets.UTF_8);
        Latte latte = new Latte(List.of(new RunCommand(), new ChatCommand(() -> new ByteArrayInputStream(stdin))));
        int status = latte.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
