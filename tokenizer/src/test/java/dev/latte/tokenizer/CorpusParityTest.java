package dev.latte.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The committed corpus (test resources {@code corpus/*.txt}: prose in Latin, CJK, Cyrillic,
 * Arabic, Hebrew, Devanagari and Thai scripts, code, numbers, emoji and ZWJ sequences, white-space
 * runs, CRLF, chat transcripts with special tokens) encoded whole and line by line by Latte and by
 * Hugging Face {@code tokenizers}: ids, decoded text and round trips must agree exactly.
 */
class CorpusParityTest {
    static final List<String> TOKENIZERS = TokenizerFixtures.NAMES;

    @Test
    void corpusCoversEveryTheme() {
        assertThat(corpusFiles()).extracting(p -> p.getFileName().toString()).contains(
                "prose-english.txt", "prose-european.txt", "cjk.txt", "cyrillic-arabic-devanagari.txt", "code.txt",
                "numbers.txt", "emoji.txt", "whitespace.txt", "chat.txt");
    }

    @ParameterizedTest
    @FieldSource("TOKENIZERS")
    void corpusEncodesAndDecodesAsHuggingFaceDoes(String name) throws IOException {
        Tokenizer latte = TokenizerFixtures.tokenizer(name);
        HuggingFaceOracle huggingFace = TokenizerFixtures.oracle(name);
        ParityLog log = new ParityLog(name);
        for (Path file : corpusFiles()) {
            String document = Files.readString(file);
            List<String> texts = new ArrayList<>();
            texts.add(document);
            texts.addAll(List.of(document.split("(?<=\n)")));
            for (String text : texts) {
                int[] plain = latte.encode(text);
                log.check("encode", text, plain, huggingFace.encodePlain(text));
                int[] special = latte.encodeWithSpecialTokens(text);
                log.check("encodeWithSpecialTokens", text, special, huggingFace.encodeWithSpecialTokens(text));
                log.check("decode", text, latte.decode(special), huggingFace.decode(special));
                log.check("streaming decode", text, FuzzParityTest.streamed(latte, plain), latte.decode(plain));
                if (huggingFace.decode(plain).equals(text)) {
                    log.check("round trip", text, latte.decode(plain), text);
                }
            }
        }
        assertThat(log.allAgreed()).as(log::report).isTrue();
        assertThat(log.checks()).isGreaterThan(500);
    }

    static List<Path> corpusFiles() {
        try (Stream<Path> files = Files.list(Path.of(CorpusParityTest.class.getResource("/corpus").toURI()))) {
            return files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
