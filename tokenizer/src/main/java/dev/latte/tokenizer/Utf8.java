package dev.latte.tokenizer;

/**
 * Lossy UTF-8 decoding with Rust's {@code String::from_utf8_lossy} policy, which Hugging Face's
 * byte-level decoder uses: each maximal ill-formed subsequence becomes one U+FFFD.
 */
final class Utf8 {
    static final char REPLACEMENT = '\uFFFD';

    private Utf8() {
    }

    /**
     * Appends the text of {@code bytes[from, to)} to {@code out}.
     *
     * @param complete whether no bytes follow; if not, a sequence cut off at {@code to} that more
     *     bytes could still complete is left undecoded
     * @return the index up to which bytes were decoded: {@code to}, or the start of such a cut-off sequence
     */
    static int decode(byte[] bytes, int from, int to, StringBuilder out, boolean complete) {
        int i = from;
        while (i < to) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                out.append((char) lead);
                i++;
                continue;
            }
            int width;
            int low = 0x80;
            int high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                width = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                width = 3;
                if (lead == 0xE0) {
                    low = 0xA0;
                } else if (lead == 0xED) {
                    high = 0x9F;
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                width = 4;
                if (lead == 0xF0) {
                    low = 0x90;
                } else if (lead == 0xF4) {
                    high = 0x8F;
                }
            } else {
                out.append(REPLACEMENT);
                i++;
                continue;
            }
            int codePoint = lead & (0xFF >> (width + 1));
            int k = 1;
            for (; k < width; k++) {
                if (i + k >= to) {
                    break;
                }
                int b = bytes[i + k] & 0xFF;
                if (b < low || b > high) {
                    break;
                }
                codePoint = (codePoint << 6) | (b & 0x3F);
                low = 0x80;
                high = 0xBF;
            }
            if (k == width) {
                out.appendCodePoint(codePoint);
            } else if (i + k >= to && !complete) {
                return i;
            } else {
                out.append(REPLACEMENT);
            }
            i += k;
        }
        return to;
    }
}
