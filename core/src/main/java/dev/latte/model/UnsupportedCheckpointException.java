package dev.latte.model;

/** A well-formed checkpoint that asks for something Latte does not implement (a model type, a quantization method...), named in the message. */
public final class UnsupportedCheckpointException extends CheckpointException {
    public UnsupportedCheckpointException(String message) {
        super(message);
    }
}
