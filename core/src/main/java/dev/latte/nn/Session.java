package dev.latte.nn;

import dev.latte.backend.LatentCache;
import java.util.List;

/**
 * The state of one sequence being generated: the latent KV cache of every layer, sized for
 * {@link #capacity()} positions, and how many positions are filled. Made by
 * {@link Transformer#newSession}; not thread-safe; {@link #close()} gives the caches back.
 */
public final class Session implements AutoCloseable {
    private final List<LatentCache> caches;
    private final int capacity;
    private int length;
    private boolean closed;

    Session(List<LatentCache> caches, int capacity) {
        this.caches = caches;
        this.capacity = capacity;
    }

    /** Positions this session can hold. */
    public int capacity() {
        return capacity;
    }

    /** Positions filled so far: the position the next token will take. */
    public int length() {
        return length;
    }

    LatentCache cache(int layer) {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
        return caches.get(layer);
    }

    void advance(int tokens) {
        length += tokens;
    }

    /**
     * Forgets the positions from {@code length} on, so that a different continuation can follow:
     * the next token takes position {@code length}. Attention reads only filled positions, so the
     * stale cache rows are simply overwritten later.
     */
    public void rewind(int length) {
        if (length < 0 || length > this.length) {
            throw new IllegalArgumentException("can rewind to 0.." + this.length + " positions, not " + length);
        }
        this.length = length;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (LatentCache cache : caches) {
                cache.close();
            }
        }
    }
}
