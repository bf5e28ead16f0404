package dev.latte.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python's {@code str} methods that templates call ({@code strip}, {@code split}, {@code title},
 * ...), with Python's definitions of white space and of case, and the decoding of Python string
 * escapes that Jinja2 applies to string literals. Indices and lengths are in code points, as in
 * Python, not in UTF-16 units.
 */
final class PyStrings {
    private PyStrings() {
    }

    /** Python's {@code str.isspace()} for one code point. */
    static boolean isSpace(int c) {
        return c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1c && c <= 0x1f || c == 0x85
                || c >= 0x80 && (Character.getType(c) == Character.SPACE_SEPARATOR || c == 0x2028 || c == 0x2029);
    }

    /** Whether {@code text} from {@code from} on is non-empty white space only. */
    static boolean isAllSpace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (!isSpace(text.charAt(i))) return false;
        }
        return from < text.length();
    }

    static String strip(String s, String chars) {
        return rstrip(lstrip(s, chars), chars);
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (!stripped(c, chars)) break;
            i += Character.charCount(c);
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0) {
            int c = s.codePointBefore(end);
            if (!stripped(c, chars)) break;
            end -= Character.charCount(c);
        }
        return s.substring(0, end);
    }

    private static boolean stripped(int c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(Character.toString(c)) >= 0;
    }

    /** {@code str.split(sep, maxsplit)}; a null separator splits on runs of white space. */
    static List<Object> split(String s, String sep, long maxSplit) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) i++;
                if (i >= n) break;
                if (maxSplit >= 0 && parts.size() >= maxSplit) {
                    parts.add(rstrip(s.substring(i), null));
                    break;
                }
                int start = i;
                while (i < n && !isSpace(s.charAt(i))) i++;
                parts.add(s.substring(start, i));
            }
            return parts;
        }
        if (sep.isEmpty()) {
            throw new PyException("ValueError", "empty separator");
        }
        int start = 0;
        while (maxSplit < 0 || parts.size() < maxSplit) {
            int at = s.indexOf(sep, start);
            if (at < 0) break;
            parts.add(s.substring(start, at));
            start = at + sep.length();
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** {@code str.rsplit(sep, maxsplit)} for a given separator. */
    static List<Object> rsplit(String s, String sep, long maxSplit) {
        if (sep == null || maxSplit < 0) {
            return split(s, sep, maxSplit);
        }
        if (sep.isEmpty()) {
            throw new PyException("ValueError", "empty separator");
        }
        List<Object> parts = new ArrayList<>();
        int end = s.length();
        while (parts.size() < maxSplit) {
            int at = s.lastIndexOf(sep, end - sep.length());
            if (at < 0) break;
            parts.addFirst(s.substring(at + sep.length(), end));
            end = at;
        }
        parts.addFirst(s.substring(0, end));
        return parts;
    }

    /** {@code str.replace(old, new, count)}; count below zero replaces all. */
    static String replace(String s, String old, String replacement, long count) {
        if (count < 0) {
            if (old.isEmpty()) {
                return replace(s, old, replacement, Long.MAX_VALUE);
            }
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        if (old.isEmpty()) {
            int i = 0;
            long done = 0;
            while (done < count) {
                out.append(replacement);
                done++;
                if (i >= s.length()) break;
                int c = s.codePointAt(i);
                out.appendCodePoint(c);
                i += Character.charCount(c);
            }
            return out.append(s, Math.min(i, s.length()), s.length()).toString();
        }
        int start = 0;
        for (long done = 0; done < count; done++) {
            int at = s.indexOf(old, start);
            if (at < 0) break;
            out.append(s, start, at).append(replacement);
            start = at + old.length();
        }
        return out.append(s, start, s.length()).toString();
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code str.title()}: a cased letter after an uncased character starts a word. */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            boolean cased = Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
            if (cased) {
                out.append(previousCased ? Character.toString(c).toLowerCase(Locale.ROOT) : titleCase(c));
            } else {
                out.appendCodePoint(c);
            }
            previousCased = cased;
        }
        return out.toString();
    }

    /** {@code str.capitalize()}: first character title-cased, the rest lower-cased. */
    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int first = s.codePointAt(0);
        return titleCase(first) + s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT);
    }

    private static String titleCase(int c) {
        String upper = Character.toString(c).toUpperCase(Locale.ROOT);
        return upper.codePointCount(0, upper.length()) == 1 ? Character.toString(Character.toTitleCase(c)) : upper;
    }

    static long length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The code points of {@code s}, each as a one-character string (Python's iteration). */
    static List<Object> characters(String s) {
        List<Object> chars = new ArrayList<>(s.length());
        s.codePoints().forEach(c -> chars.add(Character.toString(c)));
        return chars;
    }

    /**
     * Decodes the escapes of a Python string literal body ({@code \n}, {@code \x41},
     * {@code \u00e9}, {@code \N{...}}, octal), keeping unknown escapes as written, as Jinja2 does.
     */
    static String decodeEscapes(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                if (c == '\\') {
                    throw new IllegalArgumentException("\\ at end of string");
                }
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case '\n' -> { }
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> i = appendHex(body, i, 2, out);
                case 'u' -> i = appendHex(body, i, 4, out);
                case 'U' -> i = appendHex(body, i, 8, out);
                case 'N' -> {
                    int close = body.indexOf('}', i);
                    if (i + 1 >= body.length() || body.charAt(i + 1) != '{' || close < 0) {
                        throw new IllegalArgumentException("malformed \\N character escape");
                    }
                    try {
                        out.appendCodePoint(Character.codePointOf(body.substring(i + 2, close)));
                    } catch (IllegalArgumentException unknown) {
                        throw new IllegalArgumentException("unknown Unicode character name");
                    }
                    i = close;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int value = 0;
                        int j = i;
                        while (j < body.length() && j < i + 3 && body.charAt(j) >= '0' && body.charAt(j) <= '7') {
                            value = value * 8 + body.charAt(j++) - '0';
                        }
                        out.appendCodePoint(value);
                        i = j - 1;
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int appendHex(String body, int at, int digits, StringBuilder out) {
        if (at + digits >= body.length()) {
            throw new IllegalArgumentException("truncated \\" + body.charAt(at) + " escape");
        }
        int value = 0;
        for (int k = 1; k <= digits; k++) {
            int d = Character.digit(body.charAt(at + k), 16);
            if (d < 0) {
                throw new IllegalArgumentException("truncated \\" + body.charAt(at) + " escape");
            }
            value = value * 16 + d;
        }
        if (!Character.isValidCodePoint(value)) {
            throw new IllegalArgumentException("illegal Unicode character");
        }
        out.appendCodePoint(value);
        return at + digits;
    }
}
