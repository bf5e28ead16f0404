package dev.latte.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a tokenizer_config.json becomes template variables, as Hugging Face's apply_chat_template does it. */
class ChatTemplateTest {
    private static final String PRINT_TOKENS = "[{{ bos_token }}][{{ eos_token }}][{{ unk_token is defined }}]"
            + "[{{ tools is none }}][{{ add_generation_prompt }}][{{ messages | length }}]";

    @Test
    void addedTokenObjectsGiveTheirContent() throws IOException {
        ChatTemplate template = ChatTemplate.load(TemplateFixtures.tokenizerConfig("deepseek-v3"));
        assertThat(template.specialTokens())
                .containsEntry("bos_token", "<｜begin▁of▁sentence｜>")
                .containsEntry("eos_token", "<｜end▁of▁sentence｜>")
                .doesNotContainKey("unk_token");
    }

    @Test
    void nullTokensAreUndefinedAndToolsAreNone() {
        ChatTemplate template = ChatTemplate.fromConfig(Map.of("chat_template", PRINT_TOKENS,
                "bos_token", Map.of("__type", "AddedToken", "content", "<s>"), "eos_token", "</s>"));
        String text = template.render(List.of(Map.of("role", "user", "content", "hi")), true, Map.of());
        assertThat(text).isEqualTo("[<s>][</s>][False][True][True][1]");
    }

    @Test
    void extraVariablesOverrideTheDefaults() {
        ChatTemplate template = ChatTemplate.fromConfig(Map.of("chat_template", PRINT_TOKENS, "bos_token", "<s>"));
        String text = template.render(List.of(), false, Map.of("bos_token", "B", "tools", List.of()));
        assertThat(text).isEqualTo("[B][][False][False][False][0]");
    }

    @Test
    void namedTemplateListUsesTheDefault() {
        ChatTemplate template = ChatTemplate.fromConfig(Map.of("chat_template", List.of(
                Map.of("name", "tool_use", "template", "tools"),
                Map.of("name", "default", "template", "default:{{ messages[0].content }}"))));
        assertThat(template.render(List.of(ChatMessage.of("user", "x").toMap()), false, Map.of())).isEqualTo("default:x");
    }

    @Test
    void chatMessageLeavesAbsentFieldsUndefined() {
        ChatTemplate template = ChatTemplate.of("{% for m in messages %}{{ m.reasoning_content is defined }}"
                + "{{ m.tool_calls is defined }}{{ m.content is none }};{% endfor %}", Map.of());
        List<Map<String, Object>> messages = ChatMessage.toMaps(List.of(ChatMessage.of("user", "q"),
                new ChatMessage("assistant", null, "because", List.of(Map.of("type", "function")))));
        assertThat(template.render(messages, false, Map.of())).isEqualTo("FalseFalseFalse;TrueTrueTrue;");
    }

    @Test
    void chatMessagesPassedAsVariablesReadAsTheirMaps() {
        JinjaTemplate template = JinjaTemplate.parse("{% for m in messages %}{{ m.role }}:{{ m.content }}"
                + "[{{ m.reasoning_content }}];{% endfor %}");
        List<ChatMessage> messages = List.of(ChatMessage.of("user", "q"), new ChatMessage("assistant", "a", "r", null));
        assertThat(template.render(Map.of("messages", messages)))
                .isEqualTo(template.render(Map.of("messages", ChatMessage.toMaps(messages))))
                .isEqualTo("user:q[];assistant:a[r];");
    }

    @Test
    void aChatTemplateJinjaFileNextToTheConfigWins(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"chat_template\": \"from the config\", \"eos_token\": \"</s>\"}");
        Files.writeString(dir.resolve("chat_template.jinja"), "from the file {{ eos_token }}\n");
        assertThat(ChatTemplate.load(config).render(List.of(), false, Map.of())).isEqualTo("from the file </s>");
    }

    @Test
    void malformedConfigNamesTheFile(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"chat_template\": }");
        assertThatThrownBy(() -> ChatTemplate.load(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(config + ": ").hasMessageContaining("line 1, column 19");
    }

    @Test
    void missingTemplateIsReported() {
        assertThatThrownBy(() -> ChatTemplate.fromConfig(Map.of("bos_token", "<s>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no chat_template");
    }
}
