package dev.latte.tokenizer;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of hostile tokenizer input: words of many scripts, combining marks, digits
 * of several systems, emoji with ZWJ and modifiers, white-space runs and line breaks of every
 * kind, control characters, lone surrogates, random code points from all planes, and added tokens
 * together with near misses of them. The same seed always yields the same strings.
 */
final class RandomText {
    private static final String[] WORDS = {
        "the", "The", "THE", "hello", "world", "tokenizer", "don't", "I'm", "we've", "they'll", "she'd", "it's",
        "IT'S", "O'Neil", "'s", "'ll", "'ſ", "naïve", "café", "cafe\u0301", "word", "words", "a word", "_word", "Ångström", "straße", "ﬁnance", "K", "Kelvin",
        "日本語", "中文", "漢字", "ひらがな", "カタカナ", "ﾊﾝｶｸ", "한국어", "Привет", "мир", "Ёж", "مرحبا", "بِسْمِ",
        "नमस्ते", "क्षत्रिय", "ไทย", "ελληνικά", "עברית", "ՀայերԷն", "ქართული", "𠮷野", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ǅemal",
        "ﬀ", "İstanbul", "ıi", "x86_64", "snake_case", "camelCase", "URL", "https://example.org/a?b=c&d=e#f",
        "user@example.com", ".net", "C++", "C#", "--flag", "__init__", "...", "—", "–", "…", "«»", "¿¡", "()", "{}",
        "[]", "<>", "</", "/>", "=>", "!=", "&&", "||", "::", ";", "@@", "##", "$$", "%%", "^_^", "\\n", "\\\\",
    };
    private static final String[] SPACES = {
        " ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\n\n", " \n", "\n ", " \r\n ", "\u00A0", "\u3000", "\u2009",
        "\u2002", "\u200B", "\u2028", "\u2029", "\u0085", "\u000B", "\u000C", "\u1680", "\u202F", "\u205F",
        "    ", "\t\t", " \t ", "\r\n\r\n",
    };
    private static final String[] EMOJI = {
        "😀", "🚀", "☕", "❤️", "👍🏽", "👨‍👩‍👧‍👦", "👩‍💻", "🏳️‍🌈", "🇫🇷", "🇯🇵", "1️⃣", "#️⃣", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "\u200D",
        "\uFE0F", "🧑🏿‍🚀", "✔", "™", "©",
    };
    private static final String[] DIGITS = {
        "0", "7", "42", "123", "1234", "12345", "1234567", "3.14", "1,000", "1e10", "٣٤٥", "۱۲", "७८९", "১২",
        "１２３", "²³", "½", "Ⅻ", "ⅷ", "①", "𝟙𝟚", "0x1F", "-5", "+7",
    };
    private static final char[] COMBINING = {'\u0300', '\u0301', '\u0302', '\u0303', '\u0308', '\u030A', '\u0327',
        '\u0323', '\u0331', '\u064B', '\u0650', '\u093F', '\u094D', '\u0E31', '\u20DD', '\u3099'};

    private final SplittableRandom random;
    private final List<String> addedTokens;

    /** @param addedTokens contents of the tokenizer's added tokens, to plant and to mutate */
    RandomText(long seed, List<String> addedTokens) {
        this.random = new SplittableRandom(seed);
        this.addedTokens = addedTokens;
    }

    String next() {
        int shape = random.nextInt(100);
        if (shape < 2) {
            return longRun();
        }
        int parts = shape < 10 ? random.nextInt(1, 4) : random.nextInt(1, 40);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            appendPart(text);
        }
        return text.toString();
    }

    private void appendPart(StringBuilder text) {
        int kind = random.nextInt(100);
        if (kind < 30) {
            text.append(pick(WORDS));
        } else if (kind < 45) {
            text.append(pick(SPACES));
        } else if (kind < 53) {
            text.append(pick(DIGITS));
        } else if (kind < 59) {
            text.append(pick(EMOJI));
        } else if (kind < 64) {
            text.append(pick(WORDS)).append(COMBINING[random.nextInt(COMBINING.length)]);
        } else if (kind < 67) {
            text.append(COMBINING[random.nextInt(COMBINING.length)]);
        } else if (kind < 70) {
            text.append((char) (random.nextBoolean() ? random.nextInt(0x20) : random.nextInt(0x7F, 0xA0)));
        } else if (kind < 73) {
            text.append((char) random.nextInt(0xD800, 0xE000)); // lone surrogate, high or low
        } else if (kind < 80) {
            text.appendCodePoint(randomCodePoint());
        } else if (kind < 88 && !addedTokens.isEmpty()) {
            text.append(addedTokens.get(random.nextInt(addedTokens.size())));
        } else if (kind < 95 && !addedTokens.isEmpty()) {
            text.append(nearMiss(addedTokens.get(random.nextInt(addedTokens.size()))));
        } else {
            text.append((char) random.nextInt(0x21, 0x7F)); // ASCII punctuation and letters
        }
    }

    private int randomCodePoint() {
        while (true) {
            int plane = random.nextInt(10);
            int codePoint = plane < 6 ? random.nextInt(0x80, 0x3000)
                    : plane < 8 ? random.nextInt(0x3000, 0x10000)
                    : random.nextInt(0x10000, 0x110000);
            if (!Character.isSurrogate((char) codePoint) || codePoint > 0xFFFF) {
                return codePoint;
            }
        }
    }

    /** A corrupted added token: cut short, case changed, ASCII bars for fullwidth ones, or doubled brackets. */
    private String nearMiss(String token) {
        return switch (random.nextInt(5)) {
            case 0 -> token.substring(0, Math.max(1, token.length() - 1 - random.nextInt(Math.max(1, token.length() - 1))));
            case 1 -> token.toUpperCase(java.util.Locale.ROOT);
            case 2 -> token.replace('｜', '|').replace('▁', '_');
            case 3 -> "<" + token + ">";
            default -> token.substring(1);
        };
    }

    /** One long word or run: exercises the heap-based merger and long white space. */
    private String longRun() {
        int length = random.nextInt(100, 3000);
        StringBuilder text = new StringBuilder(length);
        String unit = switch (random.nextInt(5)) {
            case 0 -> " ";
            case 1 -> "a";
            case 2 -> "ab";
            case 3 -> "\n";
            default -> null;
        };
        while (text.length() < length) {
            if (unit != null) {
                text.append(unit);
            } else {
                text.append((char) random.nextInt(0x21, 0x7F)); // base64-like soup
            }
        }
        return text.toString();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
