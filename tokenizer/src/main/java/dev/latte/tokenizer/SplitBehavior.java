package dev.latte.tokenizer;

import java.util.Locale;

/**
 * What a split does with the pattern's matches (Hugging Face {@code SplitDelimiterBehavior}):
 * keep each as its own piece, drop it, glue it to the piece before or after it, or glue runs of
 * matches (and runs of non-matches) together.
 */
enum SplitBehavior {
    ISOLATED, REMOVED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

    static SplitBehavior of(JsonNode node) {
        return switch (node.string()) {
            case "Isolated" -> ISOLATED;
            case "Removed" -> REMOVED;
            case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> MERGED_WITH_NEXT;
            case "Contiguous" -> CONTIGUOUS;
            default -> throw node.unsupported("split behavior '" + node.string() + "'");
        };
    }

    /**
     * Emits the pieces of {@code text} given as consecutive spans that cover a range of it, each
     * flagged as a match of the pattern or not. Empty pieces are dropped, as Hugging Face drops them.
     */
    void emit(PreTokenizer.Text text, Spans spans, PreTokenizer.Sink sink) {
        int n = spans.size();
        switch (this) {
            case ISOLATED -> {
                for (int i = 0; i < n; i++) {
                    emit(text, spans.start(i), spans.end(i), sink);
                }
            }
            case REMOVED -> {
                for (int i = 0; i < n; i++) {
                    if (!spans.matched(i)) {
                        emit(text, spans.start(i), spans.end(i), sink);
                    }
                }
            }
            case MERGED_WITH_PREVIOUS, CONTIGUOUS -> {
                // A span joins the open piece when it is a match following a non-match (merge with
                // previous), or when its flag equals the previous span's (contiguous).
                int pieceStart = -1;
                int pieceEnd = -1;
                boolean previousMatched = false;
                for (int i = 0; i < n; i++) {
                    boolean matched = spans.matched(i);
                    boolean joins = this == CONTIGUOUS ? matched == previousMatched : matched && !previousMatched;
                    if (joins && pieceStart >= 0) {
                        pieceEnd = spans.end(i);
                    } else {
                        if (pieceStart >= 0) {
                            emit(text, pieceStart, pieceEnd, sink);
                        }
                        pieceStart = spans.start(i);
                        pieceEnd = spans.end(i);
                    }
                    previousMatched = matched;
                }
                if (pieceStart >= 0) {
                    emit(text, pieceStart, pieceEnd, sink);
                }
            }
            case MERGED_WITH_NEXT -> {
                // Mirror image of merge-with-previous: walk backwards, a match joins the piece after it.
                int[] starts = new int[n];
                int[] ends = new int[n];
                int pieces = 0;
                boolean previousMatched = false;
                for (int i = n - 1; i >= 0; i--) {
                    boolean matched = spans.matched(i);
                    if (matched && !previousMatched && pieces > 0) {
                        starts[pieces - 1] = spans.start(i);
                    } else {
                        starts[pieces] = spans.start(i);
                        ends[pieces] = spans.end(i);
                        pieces++;
                    }
                    previousMatched = matched;
                }
                for (int p = pieces - 1; p >= 0; p--) {
                    emit(text, starts[p], ends[p], sink);
                }
            }
        }
    }

    private static void emit(PreTokenizer.Text text, int start, int end, PreTokenizer.Sink sink) {
        if (end > start) {
            sink.accept(text, start, end);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
