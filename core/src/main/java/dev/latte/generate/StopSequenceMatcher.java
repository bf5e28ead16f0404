package dev.latte.generate;

import java.util.List;

/**
 * Watches generated text for stop strings that may span several tokens, and releases only text
 * that can no longer be the start of one: a partial match is held back until it either completes
 * (the generation stops, the stop string is dropped) or fails (the text is released).
 */
public final class StopSequenceMatcher {
    private final List<String> stopStrings;
    private final StringBuilder pending = new StringBuilder();
    private String matched;

    /** @param stopStrings non-empty strings; an empty list never stops and holds nothing back */
    public StopSequenceMatcher(List<String> stopStrings) {
        this.stopStrings = List.copyOf(stopStrings);
    }

    /**
     * Takes the next piece of text and returns what may be shown now. After a stop string
     * completes, returns the text before it and {@link #stopped()} turns true.
     */
    public String push(String delta) {
        if (matched != null) {
            throw new IllegalStateException("a stop string already matched: " + matched);
        }
        pending.append(delta);
        int stopAt = -1;
        for (String stop : stopStrings) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (stopAt < 0 || at < stopAt)) {
                stopAt = at;
                matched = stop;
            }
        }
        if (stopAt >= 0) {
            String released = pending.substring(0, stopAt);
            pending.setLength(0);
            return released;
        }
        int releasable = pending.length() - longestSuffixStartingAStop();
        String released = pending.substring(0, releasable);
        pending.delete(0, releasable);
        return released;
    }

    /** Releases the text held back: call once the generation has ended for another reason. */
    public String flush() {
        String released = pending.toString();
        pending.setLength(0);
        return released;
    }

    public boolean stopped() {
        return matched != null;
    }

    /** The stop string that ended the generation, or {@code null}. */
    public String matched() {
        return matched;
    }

    private int longestSuffixStartingAStop() {
        int longest = 0;
        for (String stop : stopStrings) {
            int limit = Math.min(stop.length() - 1, pending.length());
            for (int length = limit; length > longest; length--) {
                if (endsWithPrefixOf(stop, length)) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }

    private boolean endsWithPrefixOf(String stop, int length) {
        int start = pending.length() - length;
        for (int i = 0; i < length; i++) {
            if (pending.charAt(start + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
