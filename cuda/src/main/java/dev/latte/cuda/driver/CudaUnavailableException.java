package dev.latte.cuda.driver;

/**
 * CUDA cannot be used on this machine: the driver library is missing, has no device, or is too
 * old. The message says which, and what to install or set.
 */
public final class CudaUnavailableException extends CudaException {

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
