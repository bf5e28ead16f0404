package dev.latte.cli;

import dev.latte.json.Json;
import dev.latte.json.JsonException;
import dev.latte.template.ChatTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code latte template}: renders the chat template of a tokenizer_config.json over a conversation
 * and prints the prompt text exactly (UTF-8, no newline added). Where the template refuses the
 * conversation, the command fails with the template's message.
 */
final class TemplateCommand implements Command {

    @Override
    public String name() {
        return "template";
    }

    @Override
    public String usage() {
        return "--config TOKENIZER_CONFIG.json --messages MESSAGES.json [--add-generation-prompt]"
                + " [--var NAME=JSON | --var NAME=@FILE.json ...]";
    }

    @Override
    public Set<String> flags() {
        return Set.of("add-generation-prompt");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws IOException {
        Path config = Path.of(args.required("config"));
        Path messagesFile = Path.of(args.required("messages"));
        boolean generationPrompt = args.flag("add-generation-prompt");
        Map<String, Object> variables = variables(args.all("var"));
        args.requireAllRead();

        ChatTemplate template = ChatTemplate.load(config);
        String text = template.render(messages(messagesFile), generationPrompt, variables);
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return 0;
    }

    /** The messages file holds a JSON array of messages, or an object with a "messages" array. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(Path file) throws IOException {
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(file));
        } catch (JsonException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
        if (parsed instanceof Map<?, ?> object && object.containsKey("messages")) {
            parsed = object.get("messages");
        }
        if (!(parsed instanceof List<?> list) || !list.stream().allMatch(m -> m instanceof Map<?, ?>)) {
            throw new UsageException(file + ": expected a JSON array of message objects (or {\"messages\": [...]})");
        }
        return (List<Map<String, Object>>) parsed;
    }

    /** Each {@code NAME=JSON} (or {@code NAME=@FILE} to read the JSON from a file, handy for tools). */
    private static Map<String, Object> variables(List<String> assignments) throws IOException {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--var needs NAME=JSON, got '" + assignment + "'");
            }
            String name = assignment.substring(0, eq);
            String json = assignment.substring(eq + 1);
            if (json.startsWith("@")) {
                Path file = Path.of(json.substring(1));
                try {
                    variables.put(name, Json.parse(Files.readString(file)));
                } catch (JsonException e) {
                    throw new UsageException("--var " + name + ": " + file + ": " + e.getMessage());
                }
                continue;
            }
            try {
                variables.put(name, Json.parse(json));
            } catch (JsonException e) {
                throw new UsageException("--var " + name + ": the value is not JSON (" + e.getMessage()
                        + "); quote strings, e.g. " + name + "='\"text\"'");
            }
        }
        return variables;
    }
}
