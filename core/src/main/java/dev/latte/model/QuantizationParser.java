package dev.latte.model;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code quantization_config}; refuses, naming it, every method or option Latte does not implement. */
final class QuantizationParser {
    private QuantizationParser() {
    }

    static Quantization parse(JsonFields config) {
        if (!config.isSet("quantization_config")) {
            return new Quantization.None();
        }
        JsonFields q = config.object("quantization_config");
        String method = q.requireString("quant_method");
        return switch (method) {
            case "fp8" -> fp8(q);
            case "compressed-tensors" -> compressedTensors(q);
            default -> throw new UnsupportedCheckpointException(
                    "config.json: quantization method \"" + method + "\" is not supported (supported: fp8, compressed-tensors pack-quantized INT4)");
        };
    }

    private static Quantization fp8(JsonFields q) {
        String format = q.stringOr("fmt", "e4m3");
        if (!format.equals("e4m3")) {
            throw new UnsupportedCheckpointException("config.json: fp8 format \"" + format + "\" is not supported (only e4m3)");
        }
        if (!q.isSet("weight_block_size")) {
            throw new UnsupportedCheckpointException("config.json: fp8 without weight_block_size (per-tensor scales) is not supported");
        }
        List<?> block = q.list("weight_block_size");
        if (block.size() != 2 || !(block.get(0) instanceof Long rows) || !(block.get(1) instanceof Long cols)
                || rows <= 0 || cols <= 0 || rows > 1 << 20 || cols > 1 << 20) {
            throw q.error("field \"weight_block_size\" must be two positive integers");
        }
        return new Quantization.Fp8Block(rows.intValue(), cols.intValue());
    }

    private static Quantization compressedTensors(JsonFields q) {
        String format = q.requireString("format");
        if (!format.equals("pack-quantized")) {
            throw new UnsupportedCheckpointException(
                    "config.json: compressed-tensors format \"" + format + "\" is not supported (only pack-quantized)");
        }
        JsonFields groups = q.object("config_groups");
        if (groups.raw().size() != 1) {
            throw new UnsupportedCheckpointException(
                    "config.json: compressed-tensors with " + groups.raw().size() + " config groups is not supported (only one)");
        }
        String groupName = groups.raw().keySet().iterator().next();
        JsonFields group = groups.object(groupName);
        for (Object target : group.list("targets")) {
            if (!"Linear".equals(target)) {
                throw new UnsupportedCheckpointException("config.json: compressed-tensors target " + target + " is not supported (only Linear)");
            }
        }
        if (group.isSet("input_activations")) {
            throw new UnsupportedCheckpointException("config.json: compressed-tensors activation quantization is not supported");
        }
        JsonFields weights = group.object("weights");
        int bits = weights.requireInt("num_bits");
        String type = weights.requireString("type");
        String strategy = weights.requireString("strategy");
        if (bits != 4 || !type.equals("int") || !strategy.equals("group")) {
            throw new UnsupportedCheckpointException("config.json: compressed-tensors weights of " + bits + "-bit "
                    + type + " with strategy " + strategy + " are not supported (only 4-bit int, group)");
        }
        if (weights.isSet("actorder") && !Boolean.FALSE.equals(weights.raw().get("actorder"))) {
            throw new UnsupportedCheckpointException("config.json: compressed-tensors act-order (g_idx) is not supported");
        }
        int groupSize = weights.requireInt("group_size");
        if (groupSize <= 0) {
            throw weights.error("field \"group_size\" must be positive");
        }
        boolean symmetric = weights.booleanOr("symmetric", true);
        List<String> ignore = new ArrayList<>();
        if (q.isSet("ignore")) {
            for (Object entry : q.list("ignore")) {
                if (!(entry instanceof String s)) {
                    throw q.error("field \"ignore\" must hold strings");
                }
                ignore.add(s);
            }
        }
        return new Quantization.PackedInt4(groupSize, symmetric, List.copyOf(ignore));
    }
}
