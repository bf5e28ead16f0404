package dev.latte.template;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.latte.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link ChatTemplate#apply} gives the Jinja2 text of every rendered case of {@code templates.json}
 * and {@code chat-corpus.json}, and the ids Hugging Face {@code tokenizers} (through DJL, truncation off) gives that text with
 * {@code add_special_tokens=False} — what {@code apply_chat_template(tokenize=True)} returns.
 */
class ChatTemplateTokenIdsTest {
    private static final Map<String, String> ORACLE_OPTIONS = Map.of(
            "addSpecialTokens", "false", "truncation", "false", "padding", "false");
    private static final Map<String, Tokenizer> TOKENIZERS = new HashMap<>();
    private static final Map<String, HuggingFaceTokenizer> ORACLES = new HashMap<>();
    private static final Map<String, ChatTemplate> TEMPLATES = new HashMap<>();

    @AfterAll
    static void closeOracles() {
        ORACLES.values().forEach(HuggingFaceTokenizer::close);
    }

    @TestFactory
    Stream<DynamicTest> idsMatchHuggingFaceOnEveryRenderedCase() {
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (String file : List.of("templates.json", "chat-corpus.json")) {
            for (Map<String, Object> c : TemplateFixtures.cases(file)) {
                if (c.containsKey("text")) rendered.add(c);
            }
        }
        assertThat(rendered).hasSize(48 + 72);
        return rendered.stream().map(c -> DynamicTest.dynamicTest(ChatTemplateParityTest.name(c), () -> check(c)));
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> c) throws IOException {
        String name = (String) c.get("tokenizer");
        RenderedPrompt prompt = template(name).apply(tokenizer(name), (List<Map<String, Object>>) c.get("messages"),
                (Boolean) c.get("add_generation_prompt"), (Map<String, Object>) c.get("kwargs"));

        assertThat(prompt.text()).isEqualTo(c.get("text"));
        long[] expected = oracle(name).encode(prompt.text(), false, false).getIds();
        assertThat(LongStream.of(expected).mapToInt(Math::toIntExact).toArray()).isEqualTo(prompt.ids());
    }

    private static ChatTemplate template(String name) throws IOException {
        ChatTemplate template = TEMPLATES.get(name);
        if (template == null) {
            template = ChatTemplate.load(TemplateFixtures.tokenizerConfig(name));
            TEMPLATES.put(name, template);
        }
        return template;
    }

    private static Tokenizer tokenizer(String name) {
        return TOKENIZERS.computeIfAbsent(name, n -> Tokenizer.load(TemplateFixtures.tokenizerDirectory(n)));
    }

    private static HuggingFaceTokenizer oracle(String name) throws IOException {
        HuggingFaceTokenizer oracle = ORACLES.get(name);
        if (oracle == null) {
            try (InputStream json = new GZIPInputStream(Files.newInputStream(
                    TemplateFixtures.tokenizerDirectory(name).resolve("tokenizer.json.gz")))) {
                oracle = HuggingFaceTokenizer.newInstance(json, ORACLE_OPTIONS);
            }
            ORACLES.put(name, oracle);
        }
        return oracle;
    }
}
