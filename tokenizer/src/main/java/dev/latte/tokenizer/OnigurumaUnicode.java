package dev.latte.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Makes Java's regular expressions see text with the Unicode version of the Oniguruma build inside
 * Hugging Face {@code tokenizers} (Unicode 14.0), not the JDK's newer one.
 *
 * <p>A character assigned after Unicode 14 (CJK extension H, Kawi, ...) is a letter to the JDK
 * but unassigned ({@code Cn}) to Oniguruma, so {@code \p{L}+} would cut text differently. Patterns
 * therefore run over a view of the text in which each such character is replaced by a
 * noncharacter (permanently {@code Cn}) of the same UTF-16 length; pieces are cut from the
 * original text at the positions matched in the view.
 */
final class OnigurumaUnicode {
    private static final char BMP_STAND_IN = '\uFDD0';
    private static final String SUPPLEMENTARY_STAND_IN = Character.toString(0x1FFFE);
    private static final BitSet ASSIGNED = readAssigned("unicode-14.0-assigned.txt");

    private OnigurumaUnicode() {
    }

    /** {@code text} as Oniguruma classifies it: the same object when nothing needs replacing. */
    static String view(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x0378) {
                continue; // everything below is assigned in every Unicode version the JDK knows
            }
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (!ASSIGNED.get(codePoint) && Character.getType(codePoint) != Character.UNASSIGNED) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                if (width == 1) {
                    chars[i] = BMP_STAND_IN;
                } else {
                    SUPPLEMENTARY_STAND_IN.getChars(0, 2, chars, i);
                }
            }
            i += width - 1;
        }
        return chars == null ? text : new String(chars);
    }

    private static BitSet readAssigned(String resource) {
        BitSet assigned = new BitSet(Character.MAX_CODE_POINT + 1);
        try (InputStream in = OnigurumaUnicode.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the Latte tokenizer jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] range = line.split(" ");
                assigned.set(Integer.parseInt(range[0], 16), Integer.parseInt(range[1], 16) + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return assigned;
    }
}
