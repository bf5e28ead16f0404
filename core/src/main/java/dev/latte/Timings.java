package dev.latte;

import java.time.Duration;

/**
 * Where the time of one generation went.
 *
 * @param prefill running the prompt through the model, up to the logits of the first new token
 * @param decode generating the remaining tokens, one step each
 */
public record Timings(Duration prefill, Duration decode) {

    public Duration total() {
        return prefill.plus(decode);
    }

    /** Tokens per second over {@code duration}, 0 when nothing was measured. */
    static double rate(int tokens, Duration duration) {
        long nanos = duration.toNanos();
        return nanos <= 0 ? 0 : tokens * 1e9 / nanos;
    }
}
