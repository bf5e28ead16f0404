package dev.latte;

/** A prompt does not fit in the model's context: it says how many tokens were asked for and allowed. */
public final class ContextLengthExceededException extends RuntimeException {
    private final int requestedTokens;
    private final int contextLength;

    public ContextLengthExceededException(int requestedTokens, int contextLength) {
        super("the prompt needs " + requestedTokens + " tokens but the context holds " + contextLength);
        this.requestedTokens = requestedTokens;
        this.contextLength = contextLength;
    }

    /** Tokens the request needs in the cache: those already there plus the prompt. */
    public int requestedTokens() {
        return requestedTokens;
    }

    public int contextLength() {
        return contextLength;
    }
}
