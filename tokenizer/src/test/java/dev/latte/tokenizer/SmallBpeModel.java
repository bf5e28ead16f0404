package dev.latte.tokenizer;

import dev.latte.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small but real byte-level BPE model for tests of pipeline variants: the 256 byte symbols and
 * the first few thousand of DeepSeek-V3's merges (those built only from symbols already present),
 * as the JSON text of a tokenizer.json {@code model}. Small enough that Hugging Face loads a
 * variant in milliseconds.
 */
final class SmallBpeModel {
    static final int MERGES = 4000;
    private static String json;
    private static int size;

    private SmallBpeModel() {
    }

    static synchronized String json() {
        if (json == null) {
            build();
        }
        return json;
    }

    /** The number of ids the model uses; added tokens of a variant go above. */
    static synchronized int size() {
        json();
        return size;
    }

    @SuppressWarnings("unchecked")
    private static void build() {
        Map<String, Object> model = (Map<String, Object>) Json.parseObject(TokenizerFixtures.tokenizerJson("deepseek-v3")).get("model");
        Map<String, Object> vocab = new LinkedHashMap<>();
        Set<String> known = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            String symbol = String.valueOf(ByteLevelAlphabet.charOf(b));
            vocab.put(symbol, (long) vocab.size());
            known.add(symbol);
        }
        List<Object> merges = new ArrayList<>();
        for (Object rule : (List<Object>) model.get("merges")) {
            String[] pair = ((String) rule).split(" ");
            if (known.contains(pair[0]) && known.contains(pair[1]) && known.add(pair[0] + pair[1])) {
                vocab.put(pair[0] + pair[1], (long) vocab.size());
                merges.add(List.of(pair[0], pair[1]));
                if (merges.size() == MERGES) {
                    break;
                }
            }
        }
        Map<String, Object> small = new LinkedHashMap<>();
        small.put("type", "BPE");
        small.put("dropout", null);
        small.put("unk_token", null);
        small.put("byte_fallback", false);
        small.put("vocab", vocab);
        small.put("merges", merges);
        size = vocab.size();
        json = Json.write(small);
    }
}
