package dev.latte.tokenizer;

import dev.latte.json.Json;
import dev.latte.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a Hugging Face tokenizer directory ({@code tokenizer.json} or {@code tokenizer.json.gz},
 * plus an optional {@code tokenizer_config.json}) and assembles the pipeline it describes,
 * refusing anything Latte does not implement rather than encoding differently.
 */
final class TokenizerReader {
    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String CONFIG_JSON = "tokenizer_config.json";

    private TokenizerReader() {
    }

    static Tokenizer read(Path dir) {
        Path plain = dir.resolve(TOKENIZER_JSON);
        Path gzipped = dir.resolve(TOKENIZER_JSON + ".gz");
        String tokenizerJson;
        String tokenizerName;
        if (Files.isRegularFile(plain)) {
            tokenizerJson = readText(plain, false);
            tokenizerName = plain.toString();
        } else if (Files.isRegularFile(gzipped)) {
            tokenizerJson = readText(gzipped, true);
            tokenizerName = gzipped.toString();
        } else {
            throw new TokenizerFormatException("no " + TOKENIZER_JSON + " or " + TOKENIZER_JSON + ".gz in " + dir);
        }
        Path config = dir.resolve(CONFIG_JSON);
        String configJson = Files.isRegularFile(config) ? readText(config, false) : null;
        return fromJson(tokenizerJson, tokenizerName, configJson, config.toString());
    }

    static Tokenizer fromJson(String tokenizerJson, String tokenizerName, String configJson, String configName) {
        JsonNode root = JsonNode.root(parse(tokenizerJson, tokenizerName), tokenizerName);
        JsonNode config = JsonNode.root(configJson == null ? java.util.Map.of() : parse(configJson, configName), configName);
        rejectIfSet(root, "truncation");
        rejectIfSet(root, "padding");
        requireByteLevelDecoder(root.get("decoder"));
        TextNormalizer normalizer = TextNormalizer.of(root.get("normalizer"));
        PreTokenizer preTokenizer = preTokenizer(root.required("pre_tokenizer"));
        BpeModel model = BpeModel.of(root.required("model"));
        List<AddedToken> addedTokens = new ArrayList<>();
        JsonNode added = root.get("added_tokens");
        if (!added.isNull()) {
            for (JsonNode token : added.elements()) {
                addedTokens.add(AddedToken.of(token));
            }
        }
        SpecialTokenTemplate template = SpecialTokenTemplate.of(root.get("post_processor"));
        return new Tokenizer(normalizer, preTokenizer, model, addedTokens, template, config);
    }

    private static PreTokenizer preTokenizer(JsonNode node) {
        List<PreTokenizer> steps = new ArrayList<>();
        boolean byteLevelLast = collectSteps(node, steps);
        if (!byteLevelLast) {
            throw node.unsupported("pre_tokenizer without ByteLevel as its last step (Latte implements byte-level BPE only)");
        }
        if (steps.getLast() instanceof ByteLevelSplit byteLevel && byteLevel.isIdentity()) {
            steps.removeLast();
        }
        if (steps.isEmpty()) {
            return (text, start, end, sink) -> {
                if (end > start) {
                    sink.accept(text, start, end);
                }
            };
        }
        return PreTokenizerSequence.of(steps);
    }

    /** Appends the steps of {@code node}; returns whether the last one appended is ByteLevel. */
    private static boolean collectSteps(JsonNode node, List<PreTokenizer> steps) {
        boolean byteLevelLast = false;
        switch (node.type()) {
            case "Sequence" -> {
                for (JsonNode step : node.required("pretokenizers").elements()) {
                    if (byteLevelLast) {
                        throw step.unsupported("pre_tokenizer step after ByteLevel");
                    }
                    byteLevelLast = collectSteps(step, steps);
                }
            }
            case "Split" -> steps.add(RegexSplit.of(node));
            case "Digits" -> steps.add(new DigitsSplit(node.bool("individual_digits", false)));
            case "ByteLevel" -> {
                steps.add(new ByteLevelSplit(node.bool("add_prefix_space", true), node.bool("use_regex", true)));
                byteLevelLast = true;
            }
            default -> throw node.unsupported("pre_tokenizer type '" + node.type() + "'");
        }
        return byteLevelLast;
    }

    private static void requireByteLevelDecoder(JsonNode decoder) {
        if (decoder.isNull()) {
            throw decoder.unsupported("tokenizer without a decoder (Latte decodes byte-level BPE only)");
        }
        if (!decoder.type().equals("ByteLevel")) {
            throw decoder.unsupported("decoder type '" + decoder.type() + "'");
        }
    }

    private static void rejectIfSet(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (!node.isNull()) {
            throw node.unsupported(field + " (encode whole texts and cut or pad the ids instead)");
        }
    }

    private static Object parse(String json, String name) {
        try {
            return Json.parse(json);
        } catch (JsonException e) {
            throw new TokenizerFormatException(name + ": " + e.getMessage(), e);
        }
    }

    private static String readText(Path file, boolean gzipped) {
        try (InputStream in = gzipped ? new GZIPInputStream(Files.newInputStream(file), 1 << 16)
                : Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TokenizerFormatException("cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
