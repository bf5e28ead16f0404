package dev.latte.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
        withoutAddedTokens = load(withoutAddedTokens(tokenizerJson));
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

    /**
     * {@code json} with its {@code added_tokens} array emptied. Edits the text rather than
     * re-writing the parsed file, which would cost seconds for a 10 MB vocabulary.
     */
    static String withoutAddedTokens(String json) {
        int key = json.indexOf("\"added_tokens\"");
        int open = key < 0 ? -1 : json.indexOf('[', key);
        if (open < 0) {
            throw new IllegalArgumentException("tokenizer.json without an added_tokens array");
        }
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return json.substring(0, open) + "[]" + json.substring(i + 1);
            }
        }
        throw new IllegalArgumentException("unterminated added_tokens array");
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
