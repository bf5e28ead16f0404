package dev.latte.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.BitSet;

/**
 * The older Unicode data inside Hugging Face {@code tokenizers} 0.21, emulated on top of the JDK's
 * newer data, for the two components where it shows.
 *
 * <p><b>Regular expressions</b> (Oniguruma, Unicode 14.0): a character assigned later (CJK
 * extension H, Kawi, ...) is a letter to the JDK but unassigned ({@code Cn}) to Oniguruma, so
 * {@code \p{L}+} would cut text differently. Patterns therefore run over a {@link #regexView} in
 * which each such character is replaced by a noncharacter (permanently {@code Cn}) of the same
 * UTF-16 length; pieces are cut from the original text at the positions matched in the view.
 *
 * <p><b>NFC</b> (crate {@code unicode-normalization-alignments}, older still): combining marks and
 * composites it does not know keep their place and do not compose. {@link #nfc} normalizes the
 * text between such characters and leaves the characters themselves alone, which is exactly how
 * an unknown character (combining class 0, no decomposition, no composition) behaves.
 */
final class HuggingFaceUnicode {
    private static final char BMP_STAND_IN = '\uFDD0';
    private static final String SUPPLEMENTARY_STAND_IN = Character.toString(0x1FFFE);
    private static final BitSet ASSIGNED_IN_UNICODE_14 = readCodePoints("unicode-14.0-assigned.txt");
    private static final BitSet UNKNOWN_TO_NFC = readCodePoints("nfc-unknown-to-huggingface.txt");

    private HuggingFaceUnicode() {
    }

    /** {@code text} as Oniguruma classifies it: the same object when nothing needs replacing. */
    static String regexView(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x0378) {
                continue; // everything below is assigned in every Unicode version
            }
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (isNewerThanUnicode14(codePoint)) {
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

    /** Unicode NFC as Hugging Face computes it. */
    static String nfc(String text) {
        if (Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            return text;
        }
        StringBuilder out = null;
        int segmentStart = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (codePoint >= 0x0300 && (UNKNOWN_TO_NFC.get(codePoint) || isNewerThanUnicode14(codePoint))) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(Normalizer.normalize(text.substring(segmentStart, i), Normalizer.Form.NFC));
                out.appendCodePoint(codePoint);
                segmentStart = i + width;
            }
            i += width;
        }
        if (out == null) {
            return Normalizer.normalize(text, Normalizer.Form.NFC);
        }
        return out.append(Normalizer.normalize(text.substring(segmentStart), Normalizer.Form.NFC)).toString();
    }

    static boolean isNewerThanUnicode14(int codePoint) {
        return !ASSIGNED_IN_UNICODE_14.get(codePoint) && Character.getType(codePoint) != Character.UNASSIGNED;
    }

    /** Reads lines of one hex code point or of an inclusive hex range "first last"; '#' starts a comment line. */
    private static BitSet readCodePoints(String resource) {
        BitSet set = new BitSet(Character.MAX_CODE_POINT + 1);
        try (InputStream in = HuggingFaceUnicode.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the Latte tokenizer jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] range = line.trim().split(" ");
                int first = Integer.parseInt(range[0], 16);
                set.set(first, Integer.parseInt(range[range.length - 1], 16) + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return set;
    }
}
