package dev.latte.tokenizer;

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
    public void split(Text text, int start, int end, Sink sink) {
        if (start == end) {
            return;
        }
        String s = text.original();
        Spans spans = new Spans();
        int gapStart = start;
        for (int i = start; i < end; ) {
            int codePoint = s.codePointAt(i);
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
        if (gapStart < end) {
            spans.add(gapStart, end, false);
        }
        behavior.emit(text, spans, sink);
    }

    private static boolean isNumeric(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }
}
