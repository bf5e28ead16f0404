package dev.latte;

import java.util.Arrays;

/**
 * The result of one {@code generate} call.
 *
 * @param text the generated text, without the stop string or stop token that ended it
 * @param tokenIds every token the model generated, in order (the end-of-sequence or stop token
 *     included, since the model produced it)
 * @param finishReason why the generation ended
 * @param usage token counts
 * @param timings time spent on the prompt and on generating
 */
public record Generation(String text, int[] tokenIds, FinishReason finishReason, Usage usage, Timings timings) {

    public Generation {
        tokenIds = tokenIds.clone();
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    /** Prompt tokens processed per second. */
    public double promptTokensPerSecond() {
        return Timings.rate(usage.promptTokens(), timings.prefill());
    }

    /**
     * Generated tokens per second, counting the tokens after the first, which prefill produced.
     */
    public double tokensPerSecond() {
        return Timings.rate(Math.max(0, usage.completionTokens() - 1), timings.decode());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Generation g
                && text.equals(g.text)
                && Arrays.equals(tokenIds, g.tokenIds)
                && finishReason == g.finishReason
                && usage.equals(g.usage)
                && timings.equals(g.timings);
    }

    @Override
    public int hashCode() {
        return 31 * text.hashCode() + Arrays.hashCode(tokenIds);
    }

    @Override
    public String toString() {
        return "Generation[text=" + text + ", tokens=" + tokenIds.length + ", finishReason=" + finishReason
                + ", usage=" + usage + "]";
    }
}
