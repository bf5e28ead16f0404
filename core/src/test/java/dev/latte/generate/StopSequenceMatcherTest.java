package dev.latte.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopSequenceMatcherTest {

    @Test
    void aStopStringSpanningTokensEndsTheTextBeforeIt() {
        StopSequenceMatcher matcher = new StopSequenceMatcher(List.of("\nUser:"));
        List<String> released = push(matcher, "Hello", " there", "\n", "Us", "er", ":", " more");
        assertThat(String.join("", released)).isEqualTo("Hello there");
        assertThat(matcher.stopped()).isTrue();
        assertThat(matcher.matched()).isEqualTo("\nUser:");
    }

    @Test
    void aPartialMatchIsHeldBackUntilItFails() {
        StopSequenceMatcher matcher = new StopSequenceMatcher(List.of("STOP"));
        assertThat(matcher.push("abc ST")).isEqualTo("abc ");
        assertThat(matcher.push("O")).isEmpty();
        assertThat(matcher.push("P!")).isEmpty();
        assertThat(matcher.stopped()).isTrue();

        StopSequenceMatcher failing = new StopSequenceMatcher(List.of("STOP"));
        assertThat(failing.push("ST")).isEmpty();
        assertThat(failing.push("OX")).isEqualTo("STOX");
        assertThat(failing.stopped()).isFalse();
    }

    @Test
    void nothingReleasedEverEndsWithTheStartOfAStopString() {
        String text = "one two three; four ;; five";
        List<String> stops = List.of(";;", "xyz");
        for (int cut = 1; cut < text.length(); cut++) {
            StopSequenceMatcher matcher = new StopSequenceMatcher(stops);
            StringBuilder shown = new StringBuilder();
            for (String piece : chunks(text, cut)) {
                if (matcher.stopped()) {
                    break;
                }
                shown.append(matcher.push(piece));
                assertThat(shown.toString()).doesNotContain(";;").doesNotEndWith(";");
            }
            assertThat(shown.toString()).as("chunks of %d", cut).isEqualTo("one two three; four ");
        }
    }

    @Test
    void theEarliestStopStringWins() {
        StopSequenceMatcher matcher = new StopSequenceMatcher(List.of("world", "lo w"));
        assertThat(matcher.push("hello world")).isEqualTo("hel");
        assertThat(matcher.matched()).isEqualTo("lo w");
    }

    @Test
    void flushReleasesTheHeldTextWhenTheGenerationEndsOtherwise() {
        StopSequenceMatcher matcher = new StopSequenceMatcher(List.of("</answer>"));
        assertThat(matcher.push("42</ans")).isEqualTo("42");
        assertThat(matcher.flush()).isEqualTo("</ans");
    }

    private static List<String> push(StopSequenceMatcher matcher, String... pieces) {
        List<String> released = new ArrayList<>();
        for (String piece : pieces) {
            if (matcher.stopped()) {
                break;
            }
            released.add(matcher.push(piece));
        }
        return released;
    }

    private static List<String> chunks(String text, int size) {
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            chunks.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return chunks;
    }
}
