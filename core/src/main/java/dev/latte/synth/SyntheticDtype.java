package dev.latte.synth;

import dev.latte.model.DType;

import dev.latte.synth.LogicalWeight.Role;
import dev.latte.synth.TensorContent.Fp8Codes;
import dev.latte.synth.TensorContent.Int32Values;
import dev.latte.synth.TensorContent.Int4Nibbles;
import dev.latte.synth.TensorContent.UniformBf16;
import dev.latte.synth.TensorContent.UniformF32;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weight encoding of a synthetic checkpoint, and how each {@link LogicalWeight} is stored in
 * it.
 *
 * <p>Random values are sized so that activations keep unit scale through the network: a
 * projection {@code [out, in]} has standard deviation {@code 1/√in}, norms are {@code 1 ± 0.1},
 * the embedding has unit standard deviation. In {@link #FP8} and {@link #INT4} every projection
 * and the output head are quantised (as llama.cpp's Q8_0/Q4_0 files are, so that benchmark figures
 * compare like with like); the embedding, norms and router stay BF16, the router bias F32. The
 * quantised codes span their full range and the per-block scales (±10 % around the mean) give the
 * decoded weights the same standard deviation as in BF16.
 */
public enum SyntheticDtype {
    /** Every weight in BF16. */
    BF16,
    /** DeepSeek-V3's FP8 E4M3 with one F32 {@code weight_scale_inv} per 128×128 block (spec §8.2). */
    FP8,
    /** compressed-tensors {@code pack-quantized} INT4, symmetric, one BF16 scale per 32 inputs (spec §8.3). */
    INT4;

    /** FP8 scale blocks are this many rows by this many columns. */
    static final int FP8_BLOCK = 128;
    /** INT4 weights share one scale per this many consecutive inputs of a row. */
    static final int INT4_GROUP = 32;
    private static final float SCALE_JITTER = 0.1f;
    private static final float SQRT_3 = (float) Math.sqrt(3);

    /** The encoding named on the command line: {@code bf16}, {@code fp8} or {@code int4}. */
    public static SyntheticDtype named(String name) {
        return switch (name) {
            case "bf16" -> BF16;
            case "fp8" -> FP8;
            case "int4" -> INT4;
            default -> throw new IllegalArgumentException("unknown dtype '" + name + "' (expected bf16, fp8 or int4)");
        };
    }

    /** The tensors that store {@code weight} in this encoding. */
    List<SyntheticTensor> store(LogicalWeight weight) {
        boolean quantised = weight.role() == Role.PROJECTION || weight.role() == Role.OUTPUT_HEAD;
        return switch (this) {
            case FP8 -> quantised ? fp8(weight) : List.of(plain(weight));
            case INT4 -> quantised ? int4(weight) : List.of(plain(weight));
            case BF16 -> List.of(plain(weight));
        };
    }

    /** The {@code quantization_config} of {@code config.json}, or {@code null} for BF16. */
    Map<String, Object> quantizationConfig() {
        return switch (this) {
            case BF16 -> null;
            case FP8 -> {
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("quant_method", "fp8");
                config.put("fmt", "e4m3");
                config.put("activation_scheme", "dynamic");
                config.put("weight_block_size", List.of(FP8_BLOCK, FP8_BLOCK));
                yield config;
            }
            case INT4 -> {
                Map<String, Object> weights = new LinkedHashMap<>();
                weights.put("num_bits", 4);
                weights.put("type", "int");
                weights.put("symmetric", true);
                weights.put("strategy", "group");
                weights.put("group_size", INT4_GROUP);
                Map<String, Object> group = new LinkedHashMap<>();
                group.put("targets", List.of("Linear"));
                group.put("weights", weights);
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("quant_method", "compressed-tensors");
                config.put("format", "pack-quantized");
                config.put("config_groups", Map.of("group_0", group));
                config.put("ignore", List.of("re:.*mlp\\.gate$"));
                yield config;
            }
        };
    }

    private static SyntheticTensor plain(LogicalWeight weight) {
        DType type = weight.role() == Role.ROUTER_BIAS ? DType.F32 : DType.BF16;
        TensorLayout layout = weight.isMatrix()
                ? TensorLayout.of(weight.name(), type, weight.rows(), weight.columns())
                : TensorLayout.of(weight.name(), type, weight.rows());
        TensorContent content = switch (weight.role()) {
            case NORM -> new UniformBf16(1f, 0.1f);
            case EMBEDDING -> new UniformBf16(0f, SQRT_3);
            case ROUTER_BIAS -> new UniformF32(0f, 0.1f);
            case PROJECTION, OUTPUT_HEAD, ROUTER -> new UniformBf16(0f, (float) (SQRT_3 * standardDeviation(weight)));
        };
        return new SyntheticTensor(layout, content);
    }

    private static List<SyntheticTensor> fp8(LogicalWeight weight) {
        float scale = (float) (standardDeviation(weight) / Fp8Codes.STANDARD_DEVIATION);
        String base = baseName(weight);
        return List.of(
                new SyntheticTensor(TensorLayout.of(weight.name(), DType.F8_E4M3, weight.rows(), weight.columns()),
                        new Fp8Codes()),
                new SyntheticTensor(TensorLayout.of(base + "weight_scale_inv", DType.F32,
                        blocks(weight.rows(), FP8_BLOCK), blocks(weight.columns(), FP8_BLOCK)),
                        new UniformF32(scale, scale * SCALE_JITTER)));
    }

    private static List<SyntheticTensor> int4(LogicalWeight weight) {
        if (weight.columns() % INT4_GROUP != 0) {
            throw new IllegalArgumentException("cannot store " + weight.name() + " in INT4: its " + weight.columns()
                    + " inputs are not a multiple of the group size " + INT4_GROUP);
        }
        float scale = (float) (standardDeviation(weight) / Int4Nibbles.STANDARD_DEVIATION);
        String base = baseName(weight);
        return List.of(
                new SyntheticTensor(TensorLayout.of(base + "weight_packed", DType.I32, weight.rows(),
                        weight.columns() / 8), new Int4Nibbles()),
                new SyntheticTensor(TensorLayout.of(base + "weight_scale", DType.BF16, weight.rows(),
                        weight.columns() / INT4_GROUP), new UniformBf16(scale, scale * SCALE_JITTER)),
                new SyntheticTensor(TensorLayout.of(base + "weight_shape", DType.I32, 2),
                        new Int32Values(weight.rows(), weight.columns())));
    }

    /** {@code 1/√in}: keeps the output of a projection of a unit-scale input at unit scale. */
    private static double standardDeviation(LogicalWeight weight) {
        return 1 / Math.sqrt(weight.columns());
    }

    private static String baseName(LogicalWeight weight) {
        if (!weight.name().endsWith(".weight")) {
            throw new IllegalArgumentException("a quantised weight's name must end in .weight: " + weight.name());
        }
        return weight.name().substring(0, weight.name().length() - "weight".length());
    }

    private static long blocks(int length, int block) {
        return (length + block - 1) / block;
    }
}
