package dev.latte.cuda;

import dev.latte.backend.Backend;
import dev.latte.backend.BackendProvider;

/**
 * Makes {@link CudaBackend}s ({@code "cuda"}), found with {@link java.util.ServiceLoader}. Available
 * where the NVIDIA driver loads and sees a GPU; {@link #create()} elsewhere throws a
 * {@link dev.latte.cuda.driver.CudaUnavailableException} saying why.
 */
public final class CudaBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public boolean available() {
        return Cuda.isAvailable();
    }

    @Override
    public Backend create() {
        return CudaBackend.open();
    }
}
