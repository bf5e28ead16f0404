package dev.latte.tokenizer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokenizer files Latte cannot honour are refused with a message naming the component, the file
 * and the JSON path, rather than loaded and used to encode differently from Hugging Face.
 */
class UnsupportedTokenizerTest {

    @Test
    void namesAnUnsupportedNormalizer() {
        assertRefused("{\"type\":\"NFKC\"}", pipeline(), "null",
                "unsupported normalizer type 'NFKC' in tokenizer.json at normalizer");
    }

    @Test
    void namesAnUnsupportedPreTokenizerStep() {
        assertRefused("null", "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Metaspace\"}," + byteLevel() + "]}", "null",
                "unsupported pre_tokenizer type 'Metaspace' in tokenizer.json at pre_tokenizer.pretokenizers[0]");
    }

    @Test
    void refusesAPipelineWithoutByteLevel() {
        assertRefused("null", "{\"type\":\"Whitespace\"}", "null",
                "unsupported pre_tokenizer type 'Whitespace' in tokenizer.json at pre_tokenizer");
        assertRefused("null", "{\"type\":\"Digits\",\"individual_digits\":true}", "null",
                "unsupported pre_tokenizer without ByteLevel as its last step");
    }

    @Test
    void namesAnUnsupportedSplitBehaviourAndRegex() {
        assertRefused("null", "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\",\"pattern\":{\"Regex\":\"a\"},"
                + "\"behavior\":\"Sideways\",\"invert\":false}," + byteLevel() + "]}", "null",
                "unsupported split behavior 'Sideways' in tokenizer.json at pre_tokenizer.pretokenizers[0].behavior");
        assertRefused("null", "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\",\"pattern\":{\"Regex\":\"(a\"},"
                + "\"behavior\":\"Isolated\",\"invert\":false}," + byteLevel() + "]}", "null",
                "unsupported regular expression (Unclosed group) in tokenizer.json at pre_tokenizer.pretokenizers[0].pattern.Regex");
    }

    @Test
    void namesAnUnsupportedPostProcessor() {
        assertRefused("null", pipeline(), "{\"type\":\"RobertaProcessing\"}",
                "unsupported post_processor type 'RobertaProcessing' in tokenizer.json at post_processor");
    }

    @Test
    void refusesTruncation() {
        String json = PipelineVariantParityTest.tokenizerJson(variant("null", pipeline(), "null"))
                .replace("\"truncation\":null", "\"truncation\":{\"max_length\":512}");
        assertThatThrownBy(() -> Tokenizer.fromJson(json, null))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("unsupported truncation");
    }

    @Test
    void refusesOtherModelsAndDecoders() {
        String base = PipelineVariantParityTest.tokenizerJson(variant("null", pipeline(), "null"));
        assertThatThrownBy(() -> Tokenizer.fromJson(base.replace("\"type\":\"BPE\"", "\"type\":\"Unigram\""), null))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessage("unsupported model type 'Unigram' in tokenizer.json at model");
        assertThatThrownBy(() -> Tokenizer.fromJson(base.replace("\"decoder\":{\"type\":\"ByteLevel\"", "\"decoder\":{\"type\":\"Metaspace\""), null))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessage("unsupported decoder type 'Metaspace' in tokenizer.json at decoder");
    }

    @Test
    void namesAMergeRuleOutsideTheVocabulary() {
        String base = PipelineVariantParityTest.tokenizerJson(variant("null", pipeline(), "null"));
        String broken = base.replace("\"merges\":[", "\"merges\":[[\"no-such-token\",\"x\"],");
        assertThatThrownBy(() -> Tokenizer.fromJson(broken, null))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessage("merge rule 0 uses 'no-such-token', which is not in the vocabulary in tokenizer.json at model.merges");
    }

    @Test
    void namesAMissingDirectoryAndABadConfig(@TempDir Path empty) {
        assertThatThrownBy(() -> Tokenizer.load(empty))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessage("no tokenizer.json or tokenizer.json.gz in " + empty);
        String json = PipelineVariantParityTest.tokenizerJson(variant("null", pipeline(), "null"));
        assertThatThrownBy(() -> Tokenizer.fromJson(json, "{\"add_bos_token\":true}"))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessage("add_bos_token is true but bos_token is not set in tokenizer_config.json");
        assertThatThrownBy(() -> Tokenizer.fromJson(json, "{\"bos_token\":\"<nope>\"}"))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessage("bos_token '<nope>' is not in the vocabulary in tokenizer_config.json at bos_token");
    }

    private static void assertRefused(String normalizer, String preTokenizer, String postProcessor, String message) {
        String json = PipelineVariantParityTest.tokenizerJson(variant(normalizer, preTokenizer, postProcessor));
        assertThatThrownBy(() -> Tokenizer.fromJson(json, null))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageStartingWith(message);
    }

    private static PipelineVariantParityTest.Variant variant(String normalizer, String preTokenizer, String postProcessor) {
        return new PipelineVariantParityTest.Variant("refused", normalizer, preTokenizer, postProcessor);
    }

    private static String pipeline() {
        return byteLevel();
    }

    private static String byteLevel() {
        return "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}";
    }
}
