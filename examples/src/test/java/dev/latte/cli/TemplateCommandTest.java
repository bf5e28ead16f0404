package dev.latte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latte template} on Qwen3's real tokenizer_config.json, against cases rendered by Python's
 * Jinja2 (a subset of the shared fixture {@code chat/templates.json}, in {@code qwen3-cases.json}).
 */
class TemplateCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsTheRenderedTextExactlyWithVariables() throws Exception {
        Map<String, Object> c = fixtureCase("system_multi");
        int status = run(c, "--add-generation-prompt", "--var", "enable_thinking=false");

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(c.get("text"));
        assertThat((String) c.get("text")).endsWith("<think>\n\n</think>\n\n");
    }

    @Test
    void rendersWithoutTheGenerationPrompt() throws Exception {
        Map<String, Object> c = fixtureCase("reasoning_history");
        assertThat(run(c)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(c.get("text"));
    }

    @Test
    void failsWithTheTemplatesMessageWhereJinja2Refused() throws Exception {
        Map<String, Object> c = fixtureCase("tool_call");
        assertThat(c).containsKey("error");

        assertThat(run(c, "--add-generation-prompt")).isEqualTo(1);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("argument of type 'NoneType' is not iterable");
    }

    @Test
    void passesRaiseExceptionMessagesThrough() throws Exception {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, Json.write(Map.of("chat_template",
                "{% if messages[0].role != 'user' %}{{ raise_exception('first message must be from the user') }}{% endif %}")));
        Path messages = dir.resolve("messages.json");
        Files.writeString(messages, "[{\"role\": \"system\", \"content\": \"x\"}]");

        int status = latte("template", "--config", config.toString(), "--messages", messages.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("latte template: first message must be from the user\n");
    }

    @Test
    void readsAVariableFromAFile() throws Exception {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, Json.write(Map.of("chat_template", "{% for t in tools %}{{ t.function.name }};{% endfor %}")));
        Path tools = dir.resolve("tools.json");
        Files.writeString(tools, "[{\"type\": \"function\", \"function\": {\"name\": \"get_weather\"}}]");
        Path messages = dir.resolve("messages.json");
        Files.writeString(messages, "[]");

        int status = latte("template", "--config", config.toString(), "--messages", messages.toString(),
                "--var", "tools=@" + tools);

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("get_weather;");
    }

    @Test
    void rejectsAVariableThatIsNotJson() throws Exception {
        Map<String, Object> c = fixtureCase("reasoning_history");
        assertThat(run(c, "--var", "enable_thinking=no")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--var enable_thinking: the value is not JSON");
    }

    private int run(Map<String, Object> c, String... extra) throws IOException {
        Path messages = dir.resolve("messages.json");
        Files.writeString(messages, Json.write(c.get("messages")));
        List<String> args = new ArrayList<>(List.of("template", "--config", resource("qwen3-tokenizer_config.json").toString(),
                "--messages", messages.toString()));
        args.addAll(List.of(extra));
        return latte(args.toArray(String[]::new));
    }

    private int latte(String... args) {
        return Latte.withAllCommands().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fixtureCase(String conversation) throws IOException {
        Map<String, Object> root = Json.parseObject(Files.readString(resource("qwen3-cases.json")));
        return ((List<Map<String, Object>>) root.get("cases")).stream()
                .filter(c -> c.get("conversation").equals(conversation)).findFirst().orElseThrow();
    }

    private static Path resource(String name) {
        try {
            return Path.of(TemplateCommandTest.class.getResource("/template/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
