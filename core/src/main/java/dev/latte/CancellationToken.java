package dev.latte;

/**
 * Lets any thread stop a generation: the generating thread checks the token between tokens and
 * ends with {@link FinishReason#CANCELLED}, keeping the text produced so far.
 *
 * <p>A token stays cancelled once cancelled; use a new one per request.
 */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
