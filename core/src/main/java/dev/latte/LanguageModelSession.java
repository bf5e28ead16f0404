package dev.latte;

/**
 * One conversation's state in the network: its KV cache. Used by one thread at a time.
 */
interface LanguageModelSession extends AutoCloseable {

    /** How many tokens the cache holds. */
    int position();

    /**
     * Appends {@code tokens} to the cache.
     *
     * @return the logits of the token after the last one ({@code vocabularySize} floats)
     */
    float[] prefill(int[] tokens);

    /** Appends one token; returns the logits of the next. */
    float[] decode(int token);

    /** Forgets every token from {@code position} on, so that a different continuation can follow. */
    void rewind(int position);

    @Override
    void close();
}
