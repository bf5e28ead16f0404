package dev.latte;

/** Why a generation ended. */
public enum FinishReason {
    /** The model produced an end-of-sequence token or one of the stop token ids. */
    STOP,
    /** The token limit ({@code maxTokens}) or the context length was reached. */
    LENGTH,
    /** One of the stop strings appeared in the text; it is not part of the result. */
    STOP_SEQUENCE,
    /** The caller cancelled the generation between two tokens. */
    CANCELLED
}
