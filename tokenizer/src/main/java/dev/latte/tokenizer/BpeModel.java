package dev.latte.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The byte-level BPE model: a vocabulary of byte strings (written in the {@link ByteLevelAlphabet})
 * and ranked merge rules. A pre-token's UTF-8 bytes start as one symbol each and are merged by
 * {@link BytePairMerger}. Results are cached per pre-token, since text repeats its words.
 */
final class BpeModel {
    private static final int CACHE_SLOTS = 1 << 16;

    private final Map<String, Integer> vocab;
    private final MergeTable merges;
    private final int[] byteIds = new int[256];
    private final boolean ignoreMerges;
    private final PieceCache cache = new PieceCache(CACHE_SLOTS);

    private BpeModel(Map<String, Integer> vocab, MergeTable merges, boolean ignoreMerges, JsonNode where) {
        this.vocab = vocab;
        this.merges = merges;
        this.ignoreMerges = ignoreMerges;
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.valueOf(ByteLevelAlphabet.charOf(b)));
            if (id == null) {
                throw where.unsupported(String.format(
                        "vocabulary without the byte-level symbol '%c' for byte 0x%02X", ByteLevelAlphabet.charOf(b), b));
            }
            byteIds[b] = id;
        }
    }

    /** Reads the {@code model} object of tokenizer.json, which must describe a byte-level BPE. */
    static BpeModel of(JsonNode model) {
        String type = model.get("type").isNull() ? "BPE" : model.type();
        if (!type.equals("BPE")) {
            throw model.unsupported("model type '" + type + "'");
        }
        requireAbsent(model, "continuing_subword_prefix");
        requireAbsent(model, "end_of_word_suffix");
        JsonNode dropout = model.get("dropout");
        if (!dropout.isNull() && !(dropout.value() instanceof Number n && n.doubleValue() == 0)) {
            throw dropout.unsupported("BPE dropout " + dropout.value());
        }
        if (model.bool("byte_fallback", false)) {
            throw model.get("byte_fallback").unsupported("byte_fallback (byte-level BPE needs none)");
        }
        Map<String, Integer> vocab = readVocab(model.required("vocab"));
        MergeTable merges = readMerges(model.required("merges"), vocab);
        return new BpeModel(vocab, merges, model.bool("ignore_merges", false), model);
    }

    /** Appends the ids of the pre-token {@code text[start, end)}. */
    void encode(String text, int start, int end, IntList out) {
        int hash = PieceCache.hash(text, start, end);
        int[] ids = cache.get(text, start, end, hash);
        if (ids == null) {
            String piece = text.substring(start, end);
            ids = encodeUncached(piece);
            cache.put(piece, hash, ids);
        }
        out.addAll(ids);
    }

    int[] encodeUncached(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        if (ignoreMerges) {
            Integer whole = vocab.get(ByteLevelAlphabet.encode(bytes, 0, bytes.length));
            if (whole != null) {
                return new int[] {whole};
            }
        }
        int[] symbols = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            symbols[i] = byteIds[bytes[i] & 0xFF];
        }
        int length = BytePairMerger.merge(symbols, symbols.length, merges);
        return length == symbols.length ? symbols : Arrays.copyOf(symbols, length);
    }

    Map<String, Integer> vocab() {
        return vocab;
    }

    private static void requireAbsent(JsonNode model, String field) {
        JsonNode node = model.get(field);
        if (!node.isNull() && !node.string().isEmpty()) {
            throw node.unsupported(field + " '" + node.string() + "'");
        }
    }

    private static Map<String, Integer> readVocab(JsonNode node) {
        Map<String, Object> entries = node.asMap();
        Map<String, Integer> vocab = new HashMap<>(entries.size() * 2);
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            if (e.getValue() instanceof Long id && id >= 0 && id <= Integer.MAX_VALUE) {
                vocab.put(e.getKey(), (int) (long) id);
            } else {
                node.get(e.getKey()).integer(); // throws, naming the entry
            }
        }
        return vocab;
    }

    private static MergeTable readMerges(JsonNode node, Map<String, Integer> vocab) {
        if (!(node.value() instanceof List<?> rules)) {
            throw node.malformed("expected an array of merge rules");
        }
        MergeTable table = new MergeTable(rules.size());
        int rank = 0;
        for (int index = 0; index < rules.size(); index++) {
            String left;
            String right;
            Object rule = rules.get(index);
            if (rule instanceof String line && line.startsWith("#version")) {
                continue; // a merges.txt header carried over; Hugging Face skips it without a rank
            } else if (rule instanceof String line) {
                // The legacy form "left right": exactly one space, as Hugging Face requires.
                int space = line.indexOf(' ');
                if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
                    throw node.malformed("merge rule " + rank + " '" + line + "' is not two tokens separated by one space");
                }
                left = line.substring(0, space);
                right = line.substring(space + 1);
            } else if (rule instanceof List<?> pair && pair.size() == 2
                    && pair.get(0) instanceof String l && pair.get(1) instanceof String r) {
                left = l;
                right = r;
            } else {
                throw node.malformed("merge rule " + rank + " is neither \"a b\" nor [\"a\", \"b\"]");
            }
            table.put(idOf(left, vocab, node, rank), idOf(right, vocab, node, rank), rank,
                    idOf(left + right, vocab, node, rank));
            rank++;
        }
        return table;
    }

    private static int idOf(String token, Map<String, Integer> vocab, JsonNode merges, int rank) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw merges.malformed("merge rule " + rank + " uses '" + token + "', which is not in the vocabulary");
        }
        return id;
    }
}
