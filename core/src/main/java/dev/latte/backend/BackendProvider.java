package dev.latte.backend;

/**
 * Makes backends of one kind; found with {@link java.util.ServiceLoader}. A provider is cheap to
 * instantiate and says whether its backend can run on this machine before one is created.
 */
public interface BackendProvider {

    /** The name of the backends it makes, as {@link Backend#name()}. */
    String name();

    /** Higher runs first when the caller does not choose: scalar 0, CPU SIMD 10, CUDA 20. */
    int priority();

    /** Whether a backend can be created here (a GPU present, the Vector API module loaded...). */
    boolean available();

    /** A new backend, owned by the caller, who closes it. */
    Backend create();

    /**
     * A new backend running on {@code threads} threads where it uses a pool of its own; backends
     * without one (a GPU, the scalar reference) ignore the number.
     */
    default Backend create(int threads) {
        return create();
    }
}
