package dev.latte.cuda.driver;

/**
 * A CUDA call that failed: names the driver (or NVRTC) function and the error it returned, e.g.
 * {@code cuMemAlloc_v2 failed: CUDA_ERROR_OUT_OF_MEMORY (2): out of memory}.
 */
public class CudaException extends RuntimeException {
    private final String call;
    private final int code;

    /** A failed call: {@code code} is the {@code CUresult}, named by {@code errorName}. */
    public CudaException(String call, int code, String errorName, String description) {
        super(call + " failed: " + errorName + " (" + code + ")" + (description == null ? "" : ": " + description));
        this.call = call;
        this.code = code;
    }

    /** A failure that is not an error code (a library or symbol that cannot be found). */
    public CudaException(String message, Throwable cause) {
        super(message, cause);
        this.call = null;
        this.code = -1;
    }

    /** The function that failed, or {@code null} when no call was made. */
    public String call() {
        return call;
    }

    /** The returned error code, or {@code -1} when no call was made. */
    public int code() {
        return code;
    }
}
