package dev.latte;

/**
 * How to load a model: which backend runs it, with how many threads, how long a context each
 * session may hold and how much memory all KV caches may take. Immutable; build with
 * {@link #builder()}. Setters throw {@link IllegalArgumentException} naming the option.
 */
public final class ModelOptions {
    private final String backend;
    private final int threads;
    private final int contextLength;
    private final long kvCacheBudgetBytes;

    private ModelOptions(Builder b) {
        this.backend = b.backend;
        this.threads = b.threads;
        this.contextLength = b.contextLength;
        this.kvCacheBudgetBytes = b.kvCacheBudgetBytes;
    }

    /** The defaults: the best backend available with its own thread count, a context of up to 4096. */
    public static ModelOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The backend's name (e.g. {@code "scalar"}), or {@code null} for the best one available. */
    public String backend() {
        return backend;
    }

    /** Threads of a CPU backend's pool; 0 for its default (one per core, or {@code -Dlatte.threads}). */
    public int threads() {
        return threads;
    }

    /**
     * The most tokens a session may hold; 0 for the checkpoint's {@code max_position_embeddings}
     * up to 4096 (each session allocates its KV cache for the whole length).
     */
    public int contextLength() {
        return contextLength;
    }

    /** The most bytes all sessions' KV caches may take together; 0 for no limit. */
    public long kvCacheBudgetBytes() {
        return kvCacheBudgetBytes;
    }

    @Override
    public String toString() {
        return "ModelOptions[backend=" + (backend == null ? "auto" : backend) + ", threads=" + threads
                + ", contextLength=" + contextLength + ", kvCacheBudgetBytes=" + kvCacheBudgetBytes + "]";
    }

    /** Collects options; {@link #build()} gives the immutable {@link ModelOptions}. */
    public static final class Builder {
        private String backend;
        private int threads;
        private int contextLength;
        private long kvCacheBudgetBytes;

        private Builder() {}

        /** Runs the model on the named backend; {@code null} or {@code "auto"} picks the best. */
        public Builder backend(String backend) {
            if (backend != null && backend.isBlank()) {
                throw new IllegalArgumentException("backend must be a backend's name or \"auto\", got a blank string");
            }
            this.backend = backend == null || backend.equals("auto") ? null : backend;
            return this;
        }

        /** Runs a CPU backend on this many threads; 0 for its default. */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0 for the backend's default), got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Caps each session at this many tokens; 0 takes the checkpoint's length, up to 4096. */
        public Builder contextLength(int contextLength) {
            if (contextLength < 0) {
                throw new IllegalArgumentException("contextLength must be >= 0 (0 keeps the checkpoint's), got "
                        + contextLength);
            }
            this.contextLength = contextLength;
            return this;
        }

        /** Caps the memory of all KV caches together; 0 for no cap. */
        public Builder kvCacheBudgetBytes(long kvCacheBudgetBytes) {
            if (kvCacheBudgetBytes < 0) {
                throw new IllegalArgumentException("kvCacheBudgetBytes must be >= 0 (0 for no cap), got "
                        + kvCacheBudgetBytes);
            }
            this.kvCacheBudgetBytes = kvCacheBudgetBytes;
            return this;
        }

        public ModelOptions build() {
            return new ModelOptions(this);
        }
    }
}
