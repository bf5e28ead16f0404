package dev.latte.cuda;

import dev.latte.cuda.driver.CudaDriver;
import dev.latte.cuda.driver.CudaException;
import java.util.Optional;

/**
 * Whether CUDA can be used here, asked without risk: on a machine without the NVIDIA driver or
 * without a GPU, {@link #isAvailable()} is false and {@link #unavailableReason()} says why.
 */
public final class Cuda {

    private Cuda() {
    }

    /** Whether the driver loads, initialises and sees at least one GPU. Never throws. */
    public static boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    /** Why CUDA cannot be used here, or empty when it can. Never throws. */
    public static Optional<String> unavailableReason() {
        try {
            CudaDriver driver = CudaDriver.get();
            if (driver.deviceCount() == 0) {
                return Optional.of("the CUDA driver (" + CudaDriver.LIBRARY + ") sees no GPU");
            }
            return Optional.empty();
        } catch (CudaException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("cannot use the CUDA driver: " + e);
        }
    }
}
