package dev.latte.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reasoning and content apart, on the marker forms DeepSeek's checkpoints produce. */
class ReasoningSplitterTest {
    /** R1's generation prompt (spec §9): the template opens the reasoning block itself. */
    private static final String R1_PROMPT = "<｜begin▁of▁sentence｜><｜User｜>Why is the sky blue?<｜Assistant｜><think>\n";
    /** V3's generation prompt: no marker; the model may write {@code <think>} as plain text. */
    private static final String V3_PROMPT = "<｜begin▁of▁sentence｜><｜User｜>Why is the sky blue?<｜Assistant｜>";

    @Test
    void r1ReasonsFromTheFirstTokenUntilTheCloseToken() {
        Split split = run(ReasoningSplitter.promptOpensReasoning(R1_PROMPT),
                "Rayleigh", " scattering", ".\n", "</think>", "\n\n", "Because", " of", " scattering.");
        assertThat(split.reasoning()).isEqualTo("Rayleigh scattering.\n");
        assertThat(split.content()).isEqualTo("Because of scattering.");
    }

    @Test
    void v3WritesTheMarkersAsSeveralOrdinaryTokens() {
        Split split = run(ReasoningSplitter.promptOpensReasoning(V3_PROMPT),
                "<", "think", ">\n", "Short", " light", ".\n", "</", "think", ">\n\n", "Blue", ".");
        assertThat(split.reasoning()).isEqualTo("\nShort light.\n");
        assertThat(split.content()).isEqualTo("Blue.");
    }

    @Test
    void everyWayOfCuttingTheTextGivesTheSameSplit() {
        String output = "  <think>a < b, so </thin is not a marker</think>\n\nanswer: a<b";
        for (int size = 1; size <= output.length(); size++) {
            List<String> pieces = new ArrayList<>();
            for (int i = 0; i < output.length(); i += size) {
                pieces.add(output.substring(i, Math.min(output.length(), i + size)));
            }
            Split split = run(false, pieces.toArray(String[]::new));
            assertThat(split.reasoning()).as("pieces of %d", size).isEqualTo("a < b, so </thin is not a marker");
            assertThat(split.content()).as("pieces of %d", size).isEqualTo("answer: a<b");
        }
    }

    @Test
    void withoutMarkersEverythingIsContent() {
        Split split = run(false, "<", "b>bold</b> and <thinking> is not a marker");
        assertThat(split.reasoning()).isEmpty();
        assertThat(split.content()).isEqualTo("<b>bold</b> and <thinking> is not a marker");
    }

    @Test
    void aThinkMarkerAfterTheAnswerBeganIsContent() {
        Split split = run(false, "Sure. <think>x</think>");
        assertThat(split.content()).isEqualTo("Sure. <think>x</think>");
    }

    @Test
    void unfinishedReasoningStaysReasoning() {
        Split split = run(true, "still thinking </thi");
        assertThat(split.reasoning()).isEqualTo("still thinking </thi");
        assertThat(split.content()).isEmpty();
    }

    @Test
    void aPromptWhoseThinkBlockIsClosedDoesNotOpenReasoning() {
        // Qwen3 with enable_thinking=false, and a V3 history that kept an earlier answer's reasoning.
        assertThat(ReasoningSplitter.promptOpensReasoning(
                "<|im_start|>assistant\n<think>\n\n</think>\n\n")).isFalse();
        assertThat(ReasoningSplitter.promptOpensReasoning(
                "<｜Assistant｜><think>\n17*3 = 51\n</think>\n\n51<｜end▁of▁sentence｜><｜User｜>Now 51+1?<｜Assistant｜>"))
                .isFalse();
    }

    private record Split(String reasoning, String content) {}

    private static Split run(boolean insideReasoning, String... pieces) {
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        ReasoningSplitter splitter = new ReasoningSplitter(insideReasoning, new ReasoningSplitter.Sink() {
            @Override
            public void reasoning(String text) {
                assertThat(text).isNotEmpty().doesNotContain("</think>");
                reasoning.append(text);
            }

            @Override
            public void content(String text) {
                content.append(text);
            }
        });
        for (String piece : pieces) {
            splitter.push(piece);
        }
        splitter.finish();
        return new Split(reasoning.toString(), content.toString());
    }
}
