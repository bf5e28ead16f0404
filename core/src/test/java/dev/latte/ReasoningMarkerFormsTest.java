package dev.latte;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.json.Json;
import dev.latte.template.ChatTemplate;
import dev.latte.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Chat with the real DeepSeek-V3 tokenizer and chat template, in both forms the reasoning markers
 * take: V3, whose tokenizer spells {@code <think>} with ordinary BPE tokens, and R1, whose
 * tokenizer has them as ids 128798/128799 and whose template opens the block in the generation
 * prompt (spec §9, §12). The network is a test double that continues a memorised answer.
 */
class ReasoningMarkerFormsTest {
    private static final int VOCABULARY = 129280;
    private static final int EOS = 1;
    private static final List<Message> QUESTION = List.of(Message.user("Why is the sky blue?"));

    @Test
    void v3WritesTheMarkersAsOrdinaryTokens() throws Exception {
        Tokenizer tokenizer = Tokenizer.load(resources());
        assertThat(tokenizer.encodeWithSpecialTokens("<think>").length).isGreaterThan(1);
        ChatTemplate template = ChatTemplate.fromConfig(config());

        ChatResponse response = chat(tokenizer, template,
                "<think>\nShorter wavelengths scatter more — Rayleigh.\n</think>\n\nBlue light scatters most. 🌤");

        assertThat(response.reasoning()).isEqualTo("\nShorter wavelengths scatter more — Rayleigh.\n");
        assertThat(response.content()).isEqualTo("Blue light scatters most. 🌤");
    }

    @Test
    void r1HasTheMarkersAsTokensAndOpensTheBlockInThePrompt() throws Exception {
        Tokenizer tokenizer = r1Tokenizer();
        assertThat(tokenizer.encodeWithSpecialTokens("<think></think>")).containsExactly(128798, 128799);
        Map<String, Object> config = config();
        String v3Template = (String) config.get("chat_template");
        String r1Template = v3Template.replace("{{'<｜Assistant｜>'}}{% endif %}",
                "{{'<｜Assistant｜><think>\\n'}}{% endif %}");
        assertThat(r1Template).isNotEqualTo(v3Template);
        config.put("chat_template", r1Template);
        ChatTemplate template = ChatTemplate.fromConfig(config);

        ChatResponse response = chat(tokenizer, template,
                "Shorter wavelengths scatter more — Rayleigh.\n</think>\n\nBlue light scatters most. 🌤");

        assertThat(response.generation().tokenIds()).contains(128799);
        assertThat(response.reasoning()).isEqualTo("Shorter wavelengths scatter more — Rayleigh.\n");
        assertThat(response.content()).isEqualTo("Blue light scatters most. 🌤");
    }

    private static ChatResponse chat(Tokenizer tokenizer, ChatTemplate template, String answer) {
        TokenizerCodec codec = new TokenizerCodec(tokenizer, new int[] {EOS});
        TemplateChatFormat format = new TemplateChatFormat(template);
        String prompt = format.render(QUESTION, true, Map.of());
        int[] corpus = IntStream.concat(IntStream.of(codec.encodeRendered(prompt + answer)), IntStream.of(EOS)).toArray();
        FakeNetwork network = new FakeNetwork(VOCABULARY, 4096, corpus, EOS);
        StringBuilder streamedReasoning = new StringBuilder();
        try (Model model = new Model(network, codec, format, new int[] {EOS}, () -> {})) {
            ChatResponse response = model.chat(QUESTION, GenerationOptions.builder().temperature(0).build(),
                    ChatListener.of(streamedReasoning::append, delta -> {}));
            assertThat(streamedReasoning.toString()).isEqualTo(response.reasoning());
            assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
            return response;
        }
    }

    /** DeepSeek-R1's tokenizer: V3's, with placeholders 798 and 799 turned into the markers. */
    @SuppressWarnings("unchecked")
    private static Tokenizer r1Tokenizer() throws IOException, URISyntaxException {
        String json;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(resources().resolve("tokenizer.json.gz")))) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> tokenizer = Json.parseObject(json);
        for (Object entry : (List<Object>) tokenizer.get("added_tokens")) {
            Map<String, Object> token = (Map<String, Object>) entry;
            long id = ((Number) token.get("id")).longValue();
            if (id == 128798 || id == 128799) {
                token.put("content", id == 128798 ? "<think>" : "</think>");
                token.put("special", false);
            }
        }
        return Tokenizer.fromJson(Json.write(tokenizer), Files.readString(resources().resolve("tokenizer_config.json")));
    }

    private static Map<String, Object> config() throws IOException, URISyntaxException {
        return new java.util.LinkedHashMap<>(Json.parseObject(Files.readString(resources().resolve("tokenizer_config.json"))));
    }

    private static Path resources() throws URISyntaxException {
        return Path.of(ReasoningMarkerFormsTest.class.getResource("/tokenizers/deepseek-v3/tokenizer_config.json").toURI())
                .getParent();
    }

}
