package dev.latte;

/**
 * Token counts of one generation.
 *
 * @param promptTokens tokens of the prompt run through the model for this call (for a continued
 *     {@link Session}, only the tokens not already in its cache)
 * @param completionTokens tokens the model generated, the final stop token included
 */
public record Usage(int promptTokens, int completionTokens) {

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
