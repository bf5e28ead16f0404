package dev.latte.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds added tokens in text the way Hugging Face's {@code AddedVocabulary} does: leftmost-longest,
 * non-overlapping matches of the token contents, then each match checked and widened according to
 * its token's {@code single_word}, {@code lstrip} and {@code rstrip} flags.
 */
final class AddedTokenMatcher {
    private static final Pattern WORD_CHAR = Pattern.compile("\\w", Pattern.UNICODE_CHARACTER_CLASS);

    /** Receives the pieces of text between tokens and the tokens found, in order. */
    interface Sink {
        void text(String text);

        void token(AddedToken token);
    }

    private final Node root = new Node();
    private final boolean[] canStart = new boolean[Character.MAX_VALUE + 1];
    private final boolean empty;

    /** @param contents each token's text as it is to be found (normalized already where it says so) */
    AddedTokenMatcher(List<AddedToken> tokens, List<String> contents) {
        for (int t = 0; t < tokens.size(); t++) {
            String content = contents.get(t);
            if (content.isEmpty()) {
                continue;
            }
            Node node = root;
            for (int i = 0; i < content.length(); i++) {
                node = node.children.computeIfAbsent(content.charAt(i), c -> new Node());
            }
            if (node.token == null) {
                node.token = tokens.get(t); // of two tokens with one content, the first listed wins
            }
            canStart[content.charAt(0)] = true;
        }
        empty = root.children.isEmpty();
    }

    void split(String text, Sink sink) {
        if (empty) {
            if (!text.isEmpty()) {
                sink.text(text);
            }
            return;
        }
        int length = text.length();
        int pieceStart = 0;
        int searchFrom = 0;
        while (searchFrom < length) {
            int matchStart = -1;
            int matchEnd = -1;
            AddedToken token = null;
            for (int i = searchFrom; i < length && token == null; i++) {
                if (!canStart[text.charAt(i)]) {
                    continue;
                }
                Node node = root;
                for (int j = i; j < length; j++) {
                    node = node.children.get(text.charAt(j));
                    if (node == null) {
                        break;
                    }
                    if (node.token != null) {
                        token = node.token;
                        matchStart = i;
                        matchEnd = j + 1;
                    }
                }
            }
            if (token == null) {
                break;
            }
            searchFrom = matchEnd;
            if (token.singleWord() && !standsAlone(text, matchStart, matchEnd)) {
                continue;
            }
            int start = matchStart;
            int end = matchEnd;
            if (token.lstrip()) {
                start = Math.max(whiteSpaceBefore(text, start), pieceStart);
            }
            if (token.rstrip()) {
                end = whiteSpaceAfter(text, end);
            }
            if (pieceStart < start) {
                sink.text(text.substring(pieceStart, start));
            }
            sink.token(token);
            pieceStart = end;
        }
        if (pieceStart < length) {
            sink.text(pieceStart == 0 ? text : text.substring(pieceStart));
        }
    }

    private static boolean standsAlone(String text, int start, int end) {
        boolean wordBefore = start > 0 && isWordChar(text.codePointBefore(start));
        boolean wordAfter = end < text.length() && isWordChar(text.codePointAt(end));
        return !wordBefore && !wordAfter;
    }

    private static boolean isWordChar(int codePoint) {
        return WORD_CHAR.matcher(Character.toString(codePoint)).matches();
    }

    private static int whiteSpaceBefore(String text, int index) {
        while (index > 0) {
            int codePoint = text.codePointBefore(index);
            if (!isWhiteSpace(codePoint)) {
                break;
            }
            index -= Character.charCount(codePoint);
        }
        return index;
    }

    private static int whiteSpaceAfter(String text, int index) {
        while (index < text.length()) {
            int codePoint = text.codePointAt(index);
            if (!isWhiteSpace(codePoint)) {
                break;
            }
            index += Character.charCount(codePoint);
        }
        return index;
    }

    /** Unicode's White_Space property, which Rust's {@code \s} matches. */
    static boolean isWhiteSpace(int c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    private static final class Node {
        final Map<Character, Node> children = new HashMap<>();
        AddedToken token;
    }
}
