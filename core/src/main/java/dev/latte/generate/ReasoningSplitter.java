package dev.latte.generate;

/**
 * Separates a reasoning model's output into reasoning and content as it streams: the text
 * between {@code <think>} and {@code </think>} is reasoning, the rest content.
 *
 * <p>It reads the markers as text, so it works whether the tokenizer has them as single tokens
 * (DeepSeek-R1: ids 128798 and 128799) or spells them with several ordinary tokens (DeepSeek-V3),
 * and a marker split across deltas is recognised. Reasoning opens either when the output starts
 * with {@code <think>} (leading whitespace allowed) or, for templates whose generation prompt ends
 * inside an open {@code <think>} (R1's {@code <｜Assistant｜><think>\n}), from the first character;
 * see {@link #promptOpensReasoning(String)}. Whitespace between {@code </think>} and the answer is
 * dropped. Text that may be the start of a marker is held back until it is known not to be one.
 */
public final class ReasoningSplitter {
    public static final String OPEN = "<think>";
    public static final String CLOSE = "</think>";

    /** Where the two parts of the output go. */
    public interface Sink {
        void reasoning(String text);

        void content(String text);
    }

    private enum State {
        BEFORE_ANSWER,
        REASONING,
        AFTER_REASONING,
        CONTENT
    }

    private final Sink sink;
    private final StringBuilder pending = new StringBuilder();
    private State state;

    /**
     * @param insideReasoning whether the prompt already opened {@code <think>}
     */
    public ReasoningSplitter(boolean insideReasoning, Sink sink) {
        this.sink = sink;
        this.state = insideReasoning ? State.REASONING : State.BEFORE_ANSWER;
    }

    /** Whether a rendered prompt ends inside an open {@code <think>} block. */
    public static boolean promptOpensReasoning(String prompt) {
        return prompt.lastIndexOf(OPEN) > prompt.lastIndexOf(CLOSE);
    }

    /** Takes the next piece of the output. */
    public void push(String delta) {
        pending.append(delta);
        boolean progressed = true;
        while (progressed && !pending.isEmpty()) {
            progressed = switch (state) {
                case BEFORE_ANSWER -> beforeAnswer();
                case REASONING -> reasoning();
                case AFTER_REASONING -> afterReasoning();
                case CONTENT -> content();
            };
        }
    }

    /** Releases whatever was held back: the output has ended. */
    public void finish() {
        if (pending.isEmpty()) {
            return;
        }
        String rest = pending.toString();
        pending.setLength(0);
        if (state == State.REASONING) {
            sink.reasoning(rest);
        } else if (state != State.AFTER_REASONING) {
            sink.content(rest);
        }
    }

    private boolean beforeAnswer() {
        int start = 0;
        while (start < pending.length() && Character.isWhitespace(pending.charAt(start))) {
            start++;
        }
        int available = pending.length() - start;
        if (available >= OPEN.length() && pending.indexOf(OPEN, start) == start) {
            pending.delete(0, start + OPEN.length());
            state = State.REASONING;
            return true;
        }
        if (available < OPEN.length() && OPEN.startsWith(pending.substring(start))) {
            return false;
        }
        state = State.CONTENT;
        return true;
    }

    private boolean reasoning() {
        int close = pending.indexOf(CLOSE);
        if (close >= 0) {
            emitReasoning(close);
            pending.delete(0, CLOSE.length());
            state = State.AFTER_REASONING;
            return true;
        }
        int held = 0;
        for (int length = Math.min(CLOSE.length() - 1, pending.length()); length > 0; length--) {
            if (CLOSE.startsWith(pending.substring(pending.length() - length))) {
                held = length;
                break;
            }
        }
        emitReasoning(pending.length() - held);
        return false;
    }

    private boolean afterReasoning() {
        int start = 0;
        while (start < pending.length() && Character.isWhitespace(pending.charAt(start))) {
            start++;
        }
        pending.delete(0, start);
        if (pending.isEmpty()) {
            return false;
        }
        state = State.CONTENT;
        return true;
    }

    private boolean content() {
        String text = pending.toString();
        pending.setLength(0);
        sink.content(text);
        return false;
    }

    private void emitReasoning(int length) {
        if (length > 0) {
            sink.reasoning(pending.substring(0, length));
            pending.delete(0, length);
        }
    }
}
