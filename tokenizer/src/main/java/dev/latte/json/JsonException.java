package dev.latte.json;

/** Malformed JSON, or JSON whose shape is not what the reader expected; the message says where. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
