package dev.latte.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How {@code config.json}'s {@code quantization_config} says the linear weights are stored.
 */
public sealed interface Quantization {

    /** No quantization: every weight is F32, F16 or BF16. */
    record None() implements Quantization {
    }

    /**
     * DeepSeek-V3 FP8: {@code F8_E4M3} weights with a {@code weight_scale_inv} per block. Which
     * weights are FP8 is read from each tensor's dtype.
     */
    record Fp8Block(int blockRows, int blockCols) implements Quantization {
    }

    /**
     * compressed-tensors {@code pack-quantized} 4-bit integers, per group of {@code groupSize}
     * columns, on every linear layer not matched by {@code ignore} (exact module names, or
     * {@code re:} patterns matched from the start of the name as Python's {@code re.match} does).
     */
    record PackedInt4(int groupSize, boolean symmetric, List<String> ignore) implements Quantization {

        /** Whether the linear module {@code module} (e.g. {@code model.layers.1.mlp.experts.0.up_proj}) is quantized. */
        public boolean quantizes(String module) {
            for (String entry : ignore) {
                if (entry.startsWith("re:")) {
                    if (Pattern.compile(entry.substring(3)).matcher(module).lookingAt()) {
                        return false;
                    }
                } else if (entry.equals(module)) {
                    return false;
                }
            }
            return true;
        }
    }
}
