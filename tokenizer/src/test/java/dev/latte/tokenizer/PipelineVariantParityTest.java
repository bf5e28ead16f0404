package dev.latte.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The tokenizer.json components the three real tokenizers do not use (split behaviours other than
 * Isolated, inverted patterns, Digits, ByteLevel with prefix space and GPT-2 regex, NFC, added
 * tokens with lstrip/rstrip/single_word/normalized, TemplateProcessing), each in a synthetic
 * tokenizer over {@link SmallBpeModel}, fuzzed against Hugging Face {@code tokenizers}.
 */
class PipelineVariantParityTest {
    static final int COUNT = 1_000;

    record Variant(String name, String normalizer, String preTokenizer, String postProcessor) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("gpt2-byte-level", "null",
                    byteLevel(true, true),
                    "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":false,\"use_regex\":true}"),
            new Variant("digits-merged-with-previous", "{\"type\":\"NFC\"}",
                    sequence("{\"type\":\"Digits\",\"individual_digits\":true}",
                            split("{\"String\":\" \"}", "MergedWithPrevious", false),
                            byteLevel(true, false)),
                    template("[{\"SpecialToken\":{\"id\":\"<s>\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
                            + "{\"SpecialToken\":{\"id\":\"</s>\",\"type_id\":0}}]")),
            new Variant("merged-with-next-contiguous-inverted", "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFC\"}]}",
                    sequence(split("{\"Regex\":\"\\\\p{P}+\"}", "MergedWithNext", false),
                            "{\"type\":\"Digits\",\"individual_digits\":false}",
                            split("{\"Regex\":\"[aeiou]\"}", "Contiguous", true),
                            byteLevel(false, true)),
                    "{\"type\":\"Sequence\",\"processors\":[{\"type\":\"ByteLevel\",\"add_prefix_space\":true,"
                            + "\"trim_offsets\":false,\"use_regex\":true},"
                            + template("[{\"SpecialToken\":{\"id\":\"<s>\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}}]")
                            + "]}"),
            new Variant("removed-inverted", "null",
                    sequence(split("{\"Regex\":\"\\\\s+\"}", "Removed", false),
                            split("{\"Regex\":\"\\\\w+\"}", "Removed", true),
                            byteLevel(false, false)),
                    "null"),
            new Variant("anchors-and-empty-matches", "null",
                    sequence(split("{\"Regex\":\"(?i:hello)|^a|b$|x*\"}", "MergedWithPrevious", false),
                            byteLevel(false, false)),
                    "null"));

    @ParameterizedTest
    @FieldSource("VARIANTS")
    void variantEncodesAndDecodesAsHuggingFaceDoes(Variant variant) {
        String json = tokenizerJson(variant);
        Tokenizer latte = Tokenizer.fromJson(json, null);
        ParityLog log = new ParityLog(variant.name());
        try (HuggingFaceOracle huggingFace = new HuggingFaceOracle(json)) {
            RandomText texts = new RandomText(FuzzParityTest.SEED + variant.name().hashCode(),
                    latte.addedTokenContents().stream().sorted().toList());
            for (int i = 0; i < COUNT; i++) {
                String text = texts.next();
                String sent = Tokenizer.withoutLoneSurrogates(text);
                log.check("encode", text, latte.encode(text), huggingFace.encodePlain(sent));
                int[] special = latte.encodeWithSpecialTokens(text);
                log.check("encodeWithSpecialTokens", text, special, huggingFace.encodeWithSpecialTokens(sent));
                log.check("addSpecialTokens", text, latte.addSpecialTokens(special), huggingFace.encodeAddingSpecialTokens(sent));
                log.check("decode", text, latte.decode(special), huggingFace.decode(special));
            }
        }
        assertThat(log.allAgreed()).as(log::report).isTrue();
    }

    static String tokenizerJson(Variant variant) {
        int id = SmallBpeModel.size();
        String addedTokens = String.join(",",
                added(id, "<s>", true, false, false, false, false),
                added(id + 1, "</s>", true, false, false, false, false),
                added(id + 2, "<mask>", true, true, false, false, false),
                added(id + 3, "[SEP]", true, false, true, false, false),
                added(id + 4, "<|x|>", true, true, true, false, false),
                added(id + 5, "word", false, false, false, true, false),
                added(id + 6, "café", false, false, false, false, true),
                added(id + 7, " spaced ", false, false, false, false, false),
                added(id + 8, "<｜User｜>", false, false, false, false, true));
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[" + addedTokens + "],"
                + "\"normalizer\":" + variant.normalizer() + ",\"pre_tokenizer\":" + variant.preTokenizer()
                + ",\"post_processor\":" + variant.postProcessor()
                + ",\"decoder\":{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}"
                + ",\"model\":" + SmallBpeModel.json() + "}";
    }

    private static String added(int id, String content, boolean special, boolean lstrip, boolean rstrip,
            boolean singleWord, boolean normalized) {
        return "{\"id\":" + id + ",\"content\":\"" + content + "\",\"single_word\":" + singleWord + ",\"lstrip\":" + lstrip
                + ",\"rstrip\":" + rstrip + ",\"normalized\":" + normalized + ",\"special\":" + special + "}";
    }

    private static String byteLevel(boolean addPrefixSpace, boolean useRegex) {
        return "{\"type\":\"ByteLevel\",\"add_prefix_space\":" + addPrefixSpace + ",\"trim_offsets\":true,\"use_regex\":"
                + useRegex + "}";
    }

    private static String split(String pattern, String behavior, boolean invert) {
        return "{\"type\":\"Split\",\"pattern\":" + pattern + ",\"behavior\":\"" + behavior + "\",\"invert\":" + invert + "}";
    }

    private static String sequence(String... steps) {
        return "{\"type\":\"Sequence\",\"pretokenizers\":[" + String.join(",", steps) + "]}";
    }

    private static String template(String single) {
        return "{\"type\":\"TemplateProcessing\",\"single\":" + single + ",\"pair\":" + single
                + ",\"special_tokens\":{\"<s>\":{\"id\":\"<s>\",\"ids\":[" + SmallBpeModel.size() + "],\"tokens\":[\"<s>\"]},"
                + "\"</s>\":{\"id\":\"</s>\",\"ids\":[" + (SmallBpeModel.size() + 1) + "],\"tokens\":[\"</s>\"]}}}";
    }
}
