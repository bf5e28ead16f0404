package dev.latte.cuda;

import dev.latte.backend.Backend;
import dev.latte.backend.BackendProvider;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link CudaBackend}s ({@code "cuda"}), found with {@link java.util.ServiceLoader}. Available
 * where the NVIDIA driver loads and sees a GPU, and then first in automatic selection; elsewhere it
 * logs once why it is not (so automatic selection falls back to a CPU backend visibly), and
 * {@link #create()} throws a {@link dev.latte.cuda.driver.CudaUnavailableException} saying why.
 */
public final class CudaBackendProvider implements BackendProvider {
    private static final Logger LOG = LoggerFactory.getLogger(CudaBackendProvider.class);
    private static final AtomicBoolean TOLD = new AtomicBoolean();

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
        Optional<String> reason = Cuda.unavailableReason();
        if (reason.isPresent() && TOLD.compareAndSet(false, true)) {
            LOG.info("CUDA backend unavailable, a CPU backend runs instead: {}", reason.get());
        }
        return reason.isEmpty();
    }

    @Override
    public Backend create() {
        return CudaBackend.open();
    }
}
