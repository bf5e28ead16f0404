package dev.latte.model;

/**
 * A checkpoint folder cannot be used: a malformed or inconsistent file, a missing tensor or config
 * field. The message names the file and the tensor or field at fault.
 */
public class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
