package dev.latte.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects disagreements between Latte and Hugging Face over many inputs, keeping the first few
 * in full (input escaped, both results) so that a failing run says exactly what to reproduce.
 */
final class ParityLog {
    private static final int KEPT = 8;

    private final String tokenizer;
    private final List<String> examples = new ArrayList<>();
    private int checks;
    private int failures;

    ParityLog(String tokenizer) {
        this.tokenizer = tokenizer;
    }

    void check(String what, String input, int[] latte, int[] huggingFace) {
        checks++;
        if (!Arrays.equals(latte, huggingFace)) {
            fail(what, input, Arrays.toString(latte), Arrays.toString(huggingFace));
        }
    }

    void check(String what, String input, String latte, String huggingFace) {
        checks++;
        if (!latte.equals(huggingFace)) {
            fail(what, input, '"' + escape(latte) + '"', '"' + escape(huggingFace) + '"');
        }
    }

    int checks() {
        return checks;
    }

    boolean allAgreed() {
        return failures == 0;
    }

    String report() {
        return failures + " of " + checks + " checks disagree for " + tokenizer + "; first ones:\n"
                + String.join("\n", examples);
    }

    private void fail(String what, String input, String latte, String huggingFace) {
        failures++;
        if (examples.size() < KEPT) {
            examples.add(what + "(\"" + escape(input) + "\")\n  latte: " + latte + "\n  hf:    " + huggingFace);
        }
    }

    /** Java-source escapes for everything outside printable ASCII, so that the input can be pasted into a test. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.toString();
    }
}
