package dev.latte.nn;

/**
 * A forward pass would run past the positions its session was created for. Thrown before
 * anything is computed, so the session is unchanged and still usable.
 */
public final class ContextLengthExceededException extends RuntimeException {
    private final int requestedPositions;
    private final int capacity;

    public ContextLengthExceededException(int requestedPositions, int capacity) {
        super("the session would need " + requestedPositions + " positions but was created for " + capacity);
        this.requestedPositions = requestedPositions;
        this.capacity = capacity;
    }

    /** Positions the session would hold after the rejected call. */
    public int requestedPositions() {
        return requestedPositions;
    }

    /** Positions the session was created for. */
    public int capacity() {
        return capacity;
    }
}
