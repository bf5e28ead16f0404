package dev.latte.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The token ids a tokenizer puts around one encoded text when asked to add special tokens
 * (BOS before, EOS after), from tokenizer.json's {@code post_processor} or from
 * {@code add_bos_token}/{@code add_eos_token} in tokenizer_config.json.
 */
record SpecialTokenTemplate(int[] prefix, int[] suffix) {
    static final SpecialTokenTemplate NONE = new SpecialTokenTemplate(new int[0], new int[0]);

    int[] apply(int[] ids) {
        int[] out = new int[prefix.length + ids.length + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(ids, 0, out, prefix.length, ids.length);
        System.arraycopy(suffix, 0, out, prefix.length + ids.length, suffix.length);
        return out;
    }

    /** This template applied to the result of {@code inner}: the outer one's tokens go outermost. */
    SpecialTokenTemplate around(SpecialTokenTemplate inner) {
        return new SpecialTokenTemplate(concat(prefix, inner.prefix), concat(inner.suffix, suffix));
    }

    /** Reads a {@code post_processor}: none, {@code ByteLevel}, {@code TemplateProcessing} or a {@code Sequence} of these. */
    static SpecialTokenTemplate of(JsonNode node) {
        if (node.isNull()) {
            return NONE;
        }
        return switch (node.type()) {
            case "ByteLevel" -> NONE; // trims offsets only; adds no tokens
            case "TemplateProcessing" -> ofTemplate(node);
            case "Sequence" -> {
                SpecialTokenTemplate result = NONE;
                for (JsonNode step : node.required("processors").elements()) {
                    result = of(step).around(result);
                }
                yield result;
            }
            default -> throw node.unsupported("post_processor type '" + node.type() + "'");
        };
    }

    private static SpecialTokenTemplate ofTemplate(JsonNode node) {
        JsonNode specials = node.required("special_tokens");
        List<Integer> prefix = new ArrayList<>();
        List<Integer> suffix = new ArrayList<>();
        boolean sequenceSeen = false;
        for (JsonNode piece : node.required("single").elements()) {
            if (piece.has("Sequence")) {
                String sequenceId = piece.get("Sequence").required("id").string();
                if (!sequenceId.equals("A") || sequenceSeen) {
                    throw piece.malformed("the single-sequence template must contain $A exactly once");
                }
                sequenceSeen = true;
            } else if (piece.has("SpecialToken")) {
                JsonNode name = piece.get("SpecialToken").required("id");
                JsonNode special = specials.get(name.string());
                if (special.isNull()) {
                    throw name.malformed("special token '" + name.string() + "' is not listed in special_tokens");
                }
                for (JsonNode id : special.required("ids").elements()) {
                    (sequenceSeen ? suffix : prefix).add(id.integer());
                }
            } else {
                throw piece.unsupported("template piece");
            }
        }
        if (!sequenceSeen) {
            throw node.get("single").malformed("the single-sequence template has no $A");
        }
        return new SpecialTokenTemplate(toArray(prefix), toArray(suffix));
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
