package dev.latte.backend.simd;

import dev.latte.backend.Backend;
import dev.latte.backend.BackendProvider;

/**
 * Makes {@link SimdBackend}s ({@code "cpu-simd"}) when the Vector API module is loaded. The number
 * of threads is the number of available processors, or the system property {@code latte.threads}.
 * Refers to {@link SimdBackend} only inside {@link #create()}, so the Vector API classes are loaded
 * only when a backend is made.
 */
public final class SimdBackendProvider implements BackendProvider {
    /** The system property that overrides the number of worker threads. */
    public static final String THREADS_PROPERTY = "latte.threads";

    @Override
    public String name() {
        return SimdBackend.NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean available() {
        return SimdSupport.available();
    }

    @Override
    public Backend create() {
        return create(Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Backend create(int threads) {
        if (!available()) {
            throw new IllegalStateException("the cpu-simd backend needs the JVM option --add-modules " + SimdSupport.MODULE);
        }
        return new SimdBackend(threads);
    }
}
