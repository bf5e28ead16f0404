package dev.latte.tokenizer;

/**
 * Rewrites the few escapes on which Oniguruma and {@link java.util.regex.Pattern} (with Unicode
 * character classes) disagree. Oniguruma's {@code \w} is an alphabetic character, a mark, a
 * decimal digit or connector punctuation, plus, outside brackets only, the Latin-1 digits and
 * fractions ²³¹¼½¾ of its ISO-8859-1 table; Java's also takes Join_Control (ZWJ, ZWNJ). Everything else a tokenizer.json
 * pattern uses means the same in both (checked per code point by UnicodeDataParityTest).
 */
final class OnigurumaSyntax {
    private static final String WORD_IN_CLASS = "\\p{IsAlphabetic}\\p{M}\\p{Nd}\\p{Pc}";
    private static final String WORD = WORD_IN_CLASS + "\u00B2\u00B3\u00B9\u00BC-\u00BE";

    private OnigurumaSyntax() {
    }

    static String toJava(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length() + 16);
        int classDepth = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                char next = pattern.charAt(++i);
                if (next == 'w') {
                    out.append(classDepth > 0 ? WORD_IN_CLASS : "[" + WORD + "]");
                } else if (next == 'W') {
                    out.append("[^").append(classDepth > 0 ? WORD_IN_CLASS : WORD).append(']');
                } else {
                    out.append(c).append(next);
                }
            } else {
                if (c == '[') {
                    classDepth++;
                } else if (c == ']' && classDepth > 0) {
                    classDepth--;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
