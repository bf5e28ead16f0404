package dev.latte.tokenizer;

import java.util.function.Consumer;

/**
 * The {@code Digits} pre-tokenizer: isolates numeric characters (Unicode categories Nd, Nl, No,
 * Rust's {@code char::is_numeric}), each on its own or as runs.
 */
final class DigitsSplit implements PreTokenizer {
    private final SplitBehavior behavior;

    DigitsSplit(boolean individualDigits) {
        this.behavior = individualDigits ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS;
    }

    @Override
    public void split(String text, Consumer<String> sink) {
        if (text.isEmpty()) {
            return;
        }
        Spans spans = new Spans();
        int gapStart = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            if (isNumeric(codePoint)) {
                if (gapStart < i) {
                    spans.add(gapStart, i, false);
                }
                spans.add(i, next, true);
                gapStart = next;
            }
            i = next;
        }
        if (gapStart < text.length()) {
            spans.add(gapStart, text.length(), false);
        }
        behavior.emit(text, spans, sink);
    }

    private static boolean isNumeric(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }
}
