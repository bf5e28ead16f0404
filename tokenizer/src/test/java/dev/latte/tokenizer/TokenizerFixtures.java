package dev.latte.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The real tokenizers under test resources ({@code tokenizers/NAME/tokenizer.json.gz} and
 * {@code tokenizer_config.json}, copied from the models' Hugging Face repositories), loaded once
 * per test run with their Hugging Face reference.
 */
final class TokenizerFixtures {
    static final List<String> NAMES = List.of("deepseek-v3", "qwen3", "llama3");

    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();
    private static final Map<String, HuggingFaceOracle> ORACLES = new ConcurrentHashMap<>();

    private TokenizerFixtures() {
    }

    static Path directory(String name) {
        try {
            return Path.of(TokenizerFixtures.class.getResource("/tokenizers/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource tokenizers/" + name + " is missing", e);
        }
    }

    static Tokenizer tokenizer(String name) {
        return TOKENIZERS.computeIfAbsent(name, n -> Tokenizer.load(directory(n)));
    }

    static HuggingFaceOracle oracle(String name) {
        return ORACLES.computeIfAbsent(name, n -> new HuggingFaceOracle(tokenizerJson(n)));
    }

    static String tokenizerJson(String name) {
        Path file = directory(name).resolve("tokenizer.json.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String configJson(String name) {
        try {
            return Files.readString(directory(name).resolve("tokenizer_config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
