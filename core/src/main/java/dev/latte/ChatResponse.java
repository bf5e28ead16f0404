package dev.latte;

/**
 * The assistant's answer to a {@code chat} call, with its reasoning apart.
 *
 * @param reasoning the text the model wrote between {@code <think>} and {@code </think>} (empty for
 *     a model or an answer without reasoning)
 * @param content the answer after the reasoning, leading blank lines removed
 * @param generation the raw generation: the whole text with its markers, tokens, counts, timings
 */
public record ChatResponse(String reasoning, String content, Generation generation) {

    /** The answer as an assistant message, to append to the conversation for the next turn. */
    public Message message() {
        return Message.assistant(content);
    }

    public FinishReason finishReason() {
        return generation.finishReason();
    }
}
