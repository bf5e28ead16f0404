package dev.latte.tokenizer;

import java.util.regex.Pattern;

/**
 * The splitting half of the {@code ByteLevel} pre-tokenizer: optionally puts a space in front of
 * every piece that does not start with one, and optionally cuts pieces with GPT-2's pattern. (The
 * other half, writing bytes in the {@link ByteLevelAlphabet}, happens inside {@link BpeModel}.)
 */
final class ByteLevelSplit implements PreTokenizer {
    private static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", RegexSplit.FLAGS);

    private final boolean addPrefixSpace;
    private final RegexSplit gpt2;

    ByteLevelSplit(boolean addPrefixSpace, boolean useRegex) {
        this.addPrefixSpace = addPrefixSpace;
        this.gpt2 = useRegex ? new RegexSplit(GPT2, SplitBehavior.ISOLATED, false) : null;
    }

    /** Whether this step changes nothing, so that a pipeline may leave it out. */
    boolean isIdentity() {
        return !addPrefixSpace && gpt2 == null;
    }

    @Override
    public void split(Text text, int start, int end, Sink sink) {
        if (start == end) {
            return;
        }
        if (addPrefixSpace && text.original().charAt(start) != ' ') {
            // The piece grows by a character that is not in the input: continue on a text of its own.
            text = new Text(" " + text.original().substring(start, end), " " + text.regexView().substring(start, end));
            end = end - start + 1;
            start = 0;
        }
        if (gpt2 != null) {
            gpt2.split(text, start, end, sink);
        } else {
            sink.accept(text, start, end);
        }
    }
}
