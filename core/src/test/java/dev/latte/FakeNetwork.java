package dev.latte;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test network that has memorised one token sequence (its corpus): it predicts the token that
 * follows the first occurrence of the longest suffix (up to 12 tokens) of the session's history
 * found in the corpus, and the end token where none is found. Its prediction depends on everything in the session's cache, so a session
 * that saw another's tokens answers differently. The other logits carry a deterministic spread so
 * that sampling has something to choose from.
 */
final class FakeNetwork implements LanguageModel {
    static final float CHOSEN_LOGIT = 6;

    private final int vocabularySize;
    private final int contextLength;
    private final int[] corpus;
    private final int endId;
    final AtomicInteger openSessions = new AtomicInteger();
    volatile boolean closed;

    FakeNetwork(int vocabularySize, int contextLength, int[] corpus, int endId) {
        this.vocabularySize = vocabularySize;
        this.contextLength = contextLength;
        this.corpus = corpus.clone();
        this.endId = endId;
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public LanguageModelSession newSession() {
        if (closed) {
            throw new IllegalStateException("network closed");
        }
        openSessions.incrementAndGet();
        return new FakeSession();
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The memorised continuation of {@code history}. */
    int predict(List<Integer> history) {
        for (int n = Math.min(12, history.size()); n >= 1; n--) {
            for (int end = n; end < corpus.length; end++) {
                if (endsWith(history, end, n)) {
                    return corpus[end];
                }
            }
        }
        return endId;
    }

    private boolean endsWith(List<Integer> history, int end, int n) {
        for (int i = 1; i <= n; i++) {
            if (corpus[end - i] != history.get(history.size() - i)) {
                return false;
            }
        }
        return true;
    }

    private float[] logits(List<Integer> history) {
        float[] logits = new float[vocabularySize];
        long hash = history.hashCode();
        for (int id = 0; id < vocabularySize; id++) {
            long mixed = (hash * 0x9E3779B97F4A7C15L) ^ (id * 0xC2B2AE3D27D4EB4FL);
            logits[id] = (float) ((mixed >>> 40) % 1000) / 500f;
        }
        logits[predict(history)] = CHOSEN_LOGIT;
        return logits;
    }

    private final class FakeSession implements LanguageModelSession {
        private final List<Integer> history = new ArrayList<>();
        private boolean sessionClosed;

        @Override
        public int position() {
            return history.size();
        }

        @Override
        public float[] prefill(int[] tokens) {
            for (int token : tokens) {
                append(token);
            }
            return logits(history);
        }

        @Override
        public float[] decode(int token) {
            append(token);
            return logits(history);
        }

        @Override
        public void rewind(int position) {
            history.subList(position, history.size()).clear();
        }

        @Override
        public void close() {
            if (!sessionClosed) {
                sessionClosed = true;
                openSessions.decrementAndGet();
            }
        }

        private void append(int token) {
            if (closed || sessionClosed) {
                throw new IllegalStateException("used after close");
            }
            if (history.size() >= contextLength) {
                throw new IllegalStateException("cache full: the generator must not go past the context");
            }
            history.add(token);
        }
    }
}
