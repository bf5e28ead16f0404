package dev.latte.synth;

import dev.latte.model.DType;

import java.util.List;

/**
 * The name, element type and shape of one tensor of a safetensors file: everything its header
 * entry says except the offsets, which follow from the order of the tensors.
 *
 * @param name the tensor name, e.g. {@code model.layers.0.self_attn.o_proj.weight}
 * @param type the stored element type
 * @param shape the dimensions, outermost first (row-major)
 */
public record TensorLayout(String name, DType type, List<Long> shape) {

    public TensorLayout {
        if (name.isEmpty() || name.equals("__metadata__")) {
            throw new IllegalArgumentException("invalid tensor name '" + name + "'");
        }
        shape = List.copyOf(shape);
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension: " + shape);
            }
        }
    }

    /** A tensor of the given dimensions. */
    public static TensorLayout of(String name, DType type, long... shape) {
        return new TensorLayout(name, type, java.util.Arrays.stream(shape).boxed().toList());
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public long elements() {
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** Number of bytes the tensor's data takes in the file. */
    public long byteSize() {
        return Math.multiplyExact(elements(), type.byteSize());
    }
}
