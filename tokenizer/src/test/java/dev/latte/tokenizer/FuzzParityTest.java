package dev.latte.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Seeded random text (see {@link RandomText}) encoded and decoded by Latte and by Hugging Face
 * {@code tokenizers}: every id and every decoded string must agree. Run longer or with another
 * seed with {@code -Dlatte.fuzz.count=100000 -Dlatte.fuzz.seed=7}.
 *
 * <p>Text with lone surrogates goes to Hugging Face with each one replaced by U+FFFD, which is
 * what Latte documents it does with them (DJL's JNI bridge would otherwise turn the whole string
 * into modified-UTF-8 debris, and Python's {@code tokenizers} refuses such strings).
 */
class FuzzParityTest {
    static final int COUNT = Integer.getInteger("latte.fuzz.count", 10_000);
    static final long SEED = Long.getLong("latte.fuzz.seed", 20_261_203L);
    static final List<String> TOKENIZERS = TokenizerFixtures.NAMES;

    @ParameterizedTest
    @FieldSource("TOKENIZERS")
    void randomTextEncodesAndDecodesAsHuggingFaceDoes(String name) {
        Tokenizer latte = TokenizerFixtures.tokenizer(name);
        HuggingFaceOracle huggingFace = TokenizerFixtures.oracle(name);
        RandomText texts = new RandomText(SEED + name.hashCode(), latte.addedTokenContents().stream().sorted().toList());
        ParityLog log = new ParityLog(name);
        for (int i = 0; i < COUNT; i++) {
            String text = texts.next();
            String sent = Tokenizer.withoutLoneSurrogates(text);

            int[] plain = latte.encode(text);
            log.check("encode", text, plain, huggingFace.encodePlain(sent));
            int[] special = latte.encodeWithSpecialTokens(text);
            log.check("encodeWithSpecialTokens", text, special, huggingFace.encodeWithSpecialTokens(sent));

            String decoded = latte.decode(special);
            log.check("decode", text, decoded, huggingFace.decode(special));
            log.check("streaming decode", text, streamed(latte, special), decoded);
            if (huggingFace.decode(plain).equals(sent)) {
                log.check("round trip", text, latte.decode(plain), sent);
            }
        }
        assertThat(log.allAgreed()).as(log::report).isTrue();
        assertThat(log.checks()).isGreaterThanOrEqualTo(4 * COUNT);
    }

    static String streamed(Tokenizer tokenizer, int[] ids) {
        StreamingDecoder decoder = tokenizer.newStreamingDecoder();
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(decoder.next(id));
        }
        return text.append(decoder.finish()).toString();
    }
}
