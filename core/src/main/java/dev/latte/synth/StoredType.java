package dev.latte.synth;

/**
 * The element types a synthetic checkpoint stores, with their safetensors {@code dtype} names and
 * element widths.
 */
public enum StoredType {
    F32("F32", 4),
    BF16("BF16", 2),
    F8_E4M3("F8_E4M3", 1),
    I32("I32", 4);

    private final String safetensorsName;
    private final int bytes;

    StoredType(String safetensorsName, int bytes) {
        this.safetensorsName = safetensorsName;
        this.bytes = bytes;
    }

    /** The {@code dtype} string of a safetensors header, e.g. {@code "F8_E4M3"}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }
}
