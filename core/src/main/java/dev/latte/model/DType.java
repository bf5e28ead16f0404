package dev.latte.model;

/**
 * The element types a safetensors header may name, with their size in bytes.
 *
 * <p>Only the types DeepSeek checkpoints use are listed; a header naming another type is rejected
 * when the file is opened.
 */
public enum DType {
    F32(4), F16(2), BF16(2), F8_E4M3(1), I64(8), I32(4), I16(2), I8(1), U8(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The type named {@code name} in a safetensors header, or {@code null} when unknown. */
    public static DType fromSafetensors(String name) {
        for (DType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }
}
