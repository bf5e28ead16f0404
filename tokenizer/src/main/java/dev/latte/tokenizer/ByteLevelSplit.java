package dev.latte.tokenizer;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The splitting half of the {@code ByteLevel} pre-tokenizer: optionally puts a space in front of
 * every piece that does not start with one, and optionally cuts pieces with GPT-2's pattern. (The
 * other half, writing bytes in the {@link ByteLevelAlphabet}, happens inside {@link BpeModel}.)
 */
final class ByteLevelSplit implements PreTokenizer {
    private static final RegexSplit GPT2 = new RegexSplit(
            Pattern.compile("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
                    RegexSplit.FLAGS),
            SplitBehavior.ISOLATED, false);

    private final boolean addPrefixSpace;
    private final boolean useRegex;

    ByteLevelSplit(boolean addPrefixSpace, boolean useRegex) {
        this.addPrefixSpace = addPrefixSpace;
        this.useRegex = useRegex;
    }

    /** Whether this step changes nothing, so that a pipeline may leave it out. */
    boolean isIdentity() {
        return !addPrefixSpace && !useRegex;
    }

    @Override
    public void split(String text, Consumer<String> sink) {
        String piece = addPrefixSpace && !text.startsWith(" ") ? " " + text : text;
        if (useRegex) {
            GPT2.split(piece, sink);
        } else if (!piece.isEmpty()) {
            sink.accept(piece);
        }
    }
}
