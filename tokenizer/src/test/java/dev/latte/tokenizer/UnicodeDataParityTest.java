package dev.latte.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every assigned code point, in the contexts where Unicode data decides the outcome, tokenized by
 * Latte and by Hugging Face: general categories as the split regexes see them (Llama 3's pattern,
 * whose {@code \p{L}} and {@code \p{N}} decide where contractions and numbers start), and NFC
 * (combining-class reordering against U+0345, decomposition, composition) in a tokenizer that
 * normalizes. This is what pins {@link HuggingFaceUnicode}'s tables to Hugging Face's behaviour.
 */
class UnicodeDataParityTest {
    /**
     * Every code point is checked with {@code -Dlatte.unicode.stride=1}; by default every fourth,
     * plus all that are newer than Unicode 14, to keep the test suite fast.
     */
    static final int STRIDE = Integer.getInteger("latte.unicode.stride", 4);

    static boolean sampled(int codePoint) {
        return codePoint % STRIDE == 0 || HuggingFaceUnicode.isNewerThanUnicode14(codePoint);
    }

    @Test
    void splitPatternsClassifyEveryCodePointAsOnigurumaDoes() {
        Tokenizer latte = TokenizerFixtures.tokenizer("llama3");
        HuggingFaceOracle huggingFace = TokenizerFixtures.oracle("llama3");
        ParityLog log = new ParityLog("llama3");
        StringBuilder batch = new StringBuilder();
        for (int codePoint = 0x80; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.SURROGATE || type == Character.PRIVATE_USE
                    || !sampled(codePoint)) {
                continue;
            }
            // ".X's 1X2 X" shows whether X is a letter, a number, white space or none of these.
            batch.append('.').appendCodePoint(codePoint).append("'s 1").appendCodePoint(codePoint).append("2 ")
                    .appendCodePoint(codePoint).append('\n');
            if (batch.length() > 4000) {
                check(latte, huggingFace, log, batch.toString());
                batch.setLength(0);
            }
        }
        check(latte, huggingFace, log, batch.toString());
        assertThat(log.allAgreed()).as(log::report).isTrue();
    }

    @Test
    void nfcTreatsEveryCodePointAsHuggingFaceDoes() {
        var variant = new PipelineVariantParityTest.Variant("nfc", "{\"type\":\"NFC\"}",
                "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":false}", "null");
        String json = PipelineVariantParityTest.tokenizerJson(variant);
        Tokenizer latte = Tokenizer.fromJson(json, null);
        ParityLog log = new ParityLog("nfc");
        try (HuggingFaceOracle huggingFace = new HuggingFaceOracle(json)) {
            for (int codePoint = 0xA0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
                int type = Character.getType(codePoint);
                if (type == Character.UNASSIGNED || type == Character.SURROGATE || type == Character.PRIVATE_USE) {
                    continue;
                }
                String c = Character.toString(codePoint);
                for (String text : new String[] {"a\u0345" + c, c, Normalizer.normalize(c, Normalizer.Form.NFD), c + "\u0301"}) {
                    if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
                        log.check("encode", text, latte.encode(text), huggingFace.encodePlain(text));
                    }
                }
            }
        }
        assertThat(log.allAgreed()).as(log::report).isTrue();
        assertThat(log.checks()).isGreaterThan(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\\\w", "\\\\W", "[\\\\w]", "[\\\\W]"})
    void wordEscapesMatchWhatOnigurumaCallsWordCharacters(String regex) {
        // Removing the matches of the pattern keeps exactly the characters it does not match.
        var variant = new PipelineVariantParityTest.Variant("word", "null",
                "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\",\"pattern\":{\"Regex\":\"" + regex + "\"},"
                        + "\"behavior\":\"Removed\",\"invert\":false},"
                        + "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":false}]}",
                "null");
        String json = PipelineVariantParityTest.tokenizerJson(variant);
        Tokenizer latte = Tokenizer.fromJson(json, null);
        ParityLog log = new ParityLog(regex);
        try (HuggingFaceOracle huggingFace = new HuggingFaceOracle(json)) {
            StringBuilder batch = new StringBuilder();
            for (int codePoint = 0x20; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
                if (Character.getType(codePoint) != Character.SURROGATE && (sampled(codePoint) || codePoint < 0x3000)) {
                    batch.appendCodePoint(codePoint);
                }
                if (batch.length() > 20_000 || codePoint == Character.MAX_CODE_POINT) {
                    String text = batch.toString();
                    log.check("encode", String.format("U+%04X...", text.codePointAt(0)), latte.encode(text),
                            huggingFace.encodePlain(text));
                    batch.setLength(0);
                }
            }
        }
        assertThat(log.allAgreed()).as(log::report).isTrue();
    }

    private static void check(Tokenizer latte, HuggingFaceOracle huggingFace, ParityLog log, String text) {
        log.check("encode", text, latte.encode(text), huggingFace.encodePlain(text));
    }
}
