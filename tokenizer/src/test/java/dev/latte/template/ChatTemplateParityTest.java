package dev.latte.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code templates.json} (the shared fixture: real DeepSeek-V3, Qwen3 and Llama 3
 * chat templates rendered by Python's Jinja2 as Hugging Face sets it up) and of
 * {@code chat-corpus.json} (the same templates over tools, reasoning_content and more, made by
 * {@code src/test/python/chat_corpus.py}) renders byte-identically here, and where Jinja2 refused,
 * we refuse too.
 */
class ChatTemplateParityTest {
    private final Map<String, ChatTemplate> templates = new HashMap<>();

    @TestFactory
    Stream<DynamicTest> everyFixtureCaseMatchesJinja2() {
        List<Map<String, Object>> cases = TemplateFixtures.cases("templates.json");
        assertThat(cases).hasSize(60);
        return cases.stream().map(c -> DynamicTest.dynamicTest(name(c), () -> check(c)));
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusConversationMatchesJinja2() {
        List<Map<String, Object>> cases = TemplateFixtures.cases("chat-corpus.json");
        assertThat(cases).hasSize(72);
        return cases.stream().map(c -> DynamicTest.dynamicTest(name(c), () -> check(c)));
    }

    @SuppressWarnings("unchecked")
    private void check(Map<String, Object> c) throws IOException {
        ChatTemplate template = template((String) c.get("tokenizer"));
        List<Map<String, Object>> messages = (List<Map<String, Object>>) c.get("messages");
        boolean generationPrompt = (Boolean) c.get("add_generation_prompt");
        Map<String, Object> kwargs = (Map<String, Object>) c.get("kwargs");
        if (c.containsKey("error")) {
            assertThatThrownBy(() -> template.render(messages, generationPrompt, kwargs))
                    .isInstanceOf(TemplateRenderException.class);
        } else {
            assertThat(template.render(messages, generationPrompt, kwargs)).isEqualTo(c.get("text"));
        }
    }

    private ChatTemplate template(String tokenizer) throws IOException {
        ChatTemplate template = templates.get(tokenizer);
        if (template == null) {
            template = ChatTemplate.load(TemplateFixtures.tokenizerConfig(tokenizer));
            templates.put(tokenizer, template);
        }
        return template;
    }

    static String name(Map<String, Object> c) {
        return c.get("tokenizer") + " " + c.get("conversation") + " generation=" + c.get("add_generation_prompt")
                + " " + c.get("kwargs");
    }
}
