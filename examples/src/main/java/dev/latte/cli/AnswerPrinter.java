package dev.latte.cli;

import dev.latte.ChatListener;
import dev.latte.Generation;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a streamed answer: the reasoning under a {@code thinking} header (dimmed on a terminal),
 * then the answer, then one line of figures.
 */
final class AnswerPrinter implements ChatListener {
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final boolean ansi;
    private boolean reasoning;
    private boolean answering;

    AnswerPrinter(PrintStream out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    /** Whether to colour the output: a terminal that is not "dumb" and no NO_COLOR. */
    static boolean terminalSupportsAnsi() {
        return System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void onReasoning(String delta) {
        if (!reasoning) {
            reasoning = true;
            out.print(ansi ? DIM + "thinking:\n" : "thinking:\n");
        }
        out.print(delta);
        out.flush();
    }

    @Override
    public void onContent(String delta) {
        if (!answering) {
            answering = true;
            if (reasoning) {
                out.print(ansi ? RESET + "\n\nanswer:\n" : "\n\nanswer:\n");
            }
        }
        out.print(delta);
        out.flush();
    }

    /** Ends the answer's line and closes any styling. */
    void finish() {
        if (reasoning && !answering && ansi) {
            out.print(RESET);
        }
        out.println();
        out.flush();
    }

    /** {@code 42 tokens in 1.3 s: 35.1 tokens/s (prompt: 12 tokens, 180.0 tokens/s), finished: STOP}. */
    static String figures(Generation generation) {
        return String.format(Locale.ROOT, "%d tokens in %.1f s: %.1f tokens/s (prompt: %d tokens, %.1f tokens/s), finished: %s",
                generation.usage().completionTokens(), generation.timings().total().toNanos() / 1e9,
                generation.tokensPerSecond(), generation.usage().promptTokens(), generation.promptTokensPerSecond(),
                generation.finishReason());
    }
}
