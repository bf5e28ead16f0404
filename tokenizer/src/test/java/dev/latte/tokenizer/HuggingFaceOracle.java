package dev.latte.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.latte.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face {@code tokenizers} (the Rust library, through DJL) on the same tokenizer.json: the
 * independent reference every parity test compares with.
 *
 * <p>Hugging Face always recognises added tokens; Latte's plain {@link Tokenizer#encode} must not,
 * so its reference is a second Hugging Face tokenizer built from the same file with
 * {@code added_tokens} emptied. DJL truncates to 512 tokens unless told not to.
 */
final class HuggingFaceOracle implements AutoCloseable {
    private static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer withAddedTokens;
    private final HuggingFaceTokenizer withoutAddedTokens;

    HuggingFaceOracle(String tokenizerJson) {
        withAddedTokens = load(tokenizerJson);
        Map<String, Object> stripped = Json.parseObject(tokenizerJson);
        stripped.put("added_tokens", List.of());
        withoutAddedTokens = load(Json.write(stripped));
    }

    /** Reference for {@link Tokenizer#encode}: the text as plain text. */
    int[] encodePlain(String text) {
        return toInts(withoutAddedTokens.encode(text, false, false).getIds());
    }

    /** Reference for {@link Tokenizer#encodeWithSpecialTokens}: {@code encode(text, add_special_tokens=False)}. */
    int[] encodeWithSpecialTokens(String text) {
        return toInts(withAddedTokens.encode(text, false, false).getIds());
    }

    /** {@code encode(text, add_special_tokens=True)}: the post-processor of tokenizer.json applied. */
    int[] encodeAddingSpecialTokens(String text) {
        return toInts(withAddedTokens.encode(text, true, false).getIds());
    }

    String decode(int[] ids) {
        return withAddedTokens.decode(Arrays.stream(ids).asLongStream().toArray(), false);
    }

    @Override
    public void close() {
        withAddedTokens.close();
        withoutAddedTokens.close();
    }

    private static HuggingFaceTokenizer load(String json) {
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), OPTIONS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }
}
