package dev.latte.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code Split} pre-tokenizer: cuts text at the matches of a regular expression (or of a
 * literal string) and keeps, drops or glues the matches according to a {@link SplitBehavior}.
 *
 * <p>Hugging Face compiles these patterns with Oniguruma; Java's engine agrees with it on the
 * constructs tokenizer files use once {@code \w} is rewritten ({@link OnigurumaSyntax}) and the
 * pattern is compiled with Unicode character classes ({@code \s} is Unicode white space,
 * {@code (?i)} folds Unicode case) and with {@code ^ $ .} treating only {@code \n} as a line end,
 * as Oniguruma's Ruby syntax does. Matching runs over the {@link HuggingFaceUnicode#regexView} so
 * that characters newer than Oniguruma's Unicode data count as unassigned, within a region of it
 * whose bounds look-arounds cannot see past, as if the piece were a string of its own.
 */
final class RegexSplit implements PreTokenizer {
    static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS | Pattern.MULTILINE | Pattern.UNIX_LINES;

    private final Pattern pattern;
    private final SplitBehavior behavior;
    private final boolean invert;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    RegexSplit(Pattern pattern, SplitBehavior behavior, boolean invert) {
        this.pattern = pattern;
        this.behavior = behavior;
        this.invert = invert;
    }

    static RegexSplit of(JsonNode node) {
        JsonNode patternNode = node.required("pattern");
        Pattern pattern;
        if (patternNode.has("Regex")) {
            pattern = compile(patternNode.get("Regex"));
        } else if (patternNode.has("String")) {
            pattern = Pattern.compile(Pattern.quote(patternNode.get("String").string()));
        } else {
            throw patternNode.unsupported("split pattern (neither Regex nor String)");
        }
        return new RegexSplit(pattern, SplitBehavior.of(node.required("behavior")), node.bool("invert", false));
    }

    static Pattern compile(JsonNode regex) {
        try {
            return Pattern.compile(OnigurumaSyntax.toJava(regex.string()), FLAGS);
        } catch (PatternSyntaxException e) {
            throw regex.unsupported("regular expression (" + e.getDescription() + ")");
        }
    }

    @Override
    public void split(Text text, int start, int end, Sink sink) {
        if (start == end) {
            return;
        }
        Scratch s = scratch.get();
        Spans spans = s.spans();
        if (!findSpans(s.matcher(pattern, text.regexView()), start, end, spans)) {
            // An empty match: Oniguruma's rule for those needs searches restarted mid-piece, which
            // Java offers on a string of the piece's own.
            String view = text.regexView().substring(start, end);
            findSpansWithEmptyMatches(pattern.matcher(view), view, spans);
            spans.shift(start);
        }
        if (invert) {
            spans.invert();
        }
        behavior.emit(text, spans, sink);
        s.release(spans);
    }

    /** Fills {@code spans} for the piece; false (spans unusable) where some match is empty. */
    private static boolean findSpans(Matcher matcher, int start, int end, Spans spans) {
        matcher.region(start, end);
        int previousEnd = start;
        while (matcher.find()) {
            int matchStart = matcher.start();
            int matchEnd = matcher.end();
            if (matchStart == matchEnd) {
                spans.clear();
                return false;
            }
            if (matchStart > previousEnd) {
                spans.add(previousEnd, matchStart, false);
            }
            spans.add(matchStart, matchEnd, true);
            previousEnd = matchEnd;
        }
        if (previousEnd < end) {
            spans.add(previousEnd, end, false);
        }
        return true;
    }

    /**
     * Spans as Oniguruma's iterator finds them where matches may be empty: it refuses an empty
     * match right after the previous match and retries one character (not one UTF-16 unit) on.
     */
    private static void findSpansWithEmptyMatches(Matcher matcher, String text, Spans spans) {
        int length = text.length();
        int previousEnd = 0;
        int lastMatchEnd = -1;
        int from = 0;
        while (from <= length && matcher.find(from)) {
            int start = matcher.start();
            int end = matcher.end();
            if (start == end && end == lastMatchEnd) {
                from = end < length ? end + Character.charCount(text.codePointAt(end)) : length + 1;
                continue;
            }
            if (start > previousEnd) {
                spans.add(previousEnd, start, false);
            }
            spans.add(start, end, true);
            previousEnd = end;
            lastMatchEnd = end;
            from = end;
        }
        if (previousEnd < length) {
            spans.add(previousEnd, length, false);
        }
    }

    @Override
    public String toString() {
        return "Split(" + pattern.pattern() + ", " + behavior + (invert ? ", inverted" : "") + ")";
    }

    /** Per-thread matcher and span buffers; spans are handed out as a stack, since sinks may recurse. */
    private static final class Scratch {
        private Matcher matcher;
        private String matcherText;
        private final java.util.ArrayDeque<Spans> free = new java.util.ArrayDeque<>();

        Matcher matcher(Pattern pattern, String text) {
            if (matcher == null) {
                matcher = pattern.matcher(text);
            } else if (matcherText != text) {
                matcher.reset(text);
            }
            matcherText = text;
            return matcher;
        }

        Spans spans() {
            Spans spans = free.poll();
            return spans != null ? spans : new Spans();
        }

        void release(Spans spans) {
            spans.clear();
            free.push(spans);
        }
    }
}
