package dev.latte;

import dev.latte.nn.Transformer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The DeepSeek {@link Transformer} behind the generation loop. The transformer runs one forward
 * pass at a time, so passes of different sessions take turns (token by token, fairly); each
 * session keeps its own latent KV cache. Sessions are sized for the context length, and together
 * they stay within the KV-cache budget.
 */
final class TransformerNetwork implements LanguageModel {
    private final Transformer transformer;
    private final int contextLength;
    private final long bytesPerSession;
    private final long kvCacheBudgetBytes;
    private final ReentrantLock forwardLock = new ReentrantLock(true);
    private long reservedBytes;

    /**
     * @param kvCacheBudgetBytes the most bytes all open sessions' caches may take; 0 for no cap
     */
    TransformerNetwork(Transformer transformer, int contextLength, long kvCacheBudgetBytes) {
        this.transformer = transformer;
        this.contextLength = contextLength;
        this.kvCacheBudgetBytes = kvCacheBudgetBytes;
        var config = transformer.config();
        this.bytesPerSession = (long) contextLength * config.numHiddenLayers()
                * (config.kvLoraRank() + config.qkRopeHeadDim()) * Float.BYTES;
    }

    @Override
    public int vocabularySize() {
        return transformer.config().vocabSize();
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    /** Bytes of latent KV cache one session takes. */
    long bytesPerSession() {
        return bytesPerSession;
    }

    @Override
    public LanguageModelSession newSession() {
        reserve();
        try {
            return new TransformerSession(transformer.newSession(contextLength));
        } catch (RuntimeException | Error e) {
            release();
            throw e;
        }
    }

    @Override
    public void close() {
        forwardLock.lock();
        try {
            transformer.close();
        } finally {
            forwardLock.unlock();
        }
    }

    private synchronized void reserve() {
        if (kvCacheBudgetBytes > 0 && reservedBytes + bytesPerSession > kvCacheBudgetBytes) {
            throw new IllegalStateException("the KV-cache budget of " + kvCacheBudgetBytes + " bytes is used up by "
                    + reservedBytes / bytesPerSession + " open sessions of " + bytesPerSession
                    + " bytes each: close a session or raise kvCacheBudgetBytes");
        }
        reservedBytes += bytesPerSession;
    }

    private synchronized void release() {
        reservedBytes -= bytesPerSession;
    }

    private final class TransformerSession implements LanguageModelSession {
        private final dev.latte.nn.Session session;
        private boolean closed;

        TransformerSession(dev.latte.nn.Session session) {
            this.session = session;
        }

        @Override
        public int position() {
            return session.length();
        }

        @Override
        public float[] prefill(int[] tokens) {
            forwardLock.lock();
            try {
                return transformer.prefill(session, tokens);
            } finally {
                forwardLock.unlock();
            }
        }

        @Override
        public float[] decode(int token) {
            forwardLock.lock();
            try {
                return transformer.decode(session, token);
            } finally {
                forwardLock.unlock();
            }
        }

        @Override
        public void rewind(int position) {
            session.rewind(position);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                session.close();
                release();
            }
        }
    }
}
