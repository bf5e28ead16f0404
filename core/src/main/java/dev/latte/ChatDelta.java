package dev.latte;

/**
 * One piece of a streamed chat answer: either reasoning or content, whole characters only.
 *
 * @param kind which part of the answer the text belongs to
 * @param text the new text
 */
public record ChatDelta(Kind kind, String text) {

    /** The two parts of a reasoning model's answer. */
    public enum Kind {
        REASONING,
        CONTENT
    }

    public boolean isReasoning() {
        return kind == Kind.REASONING;
    }
}
