package dev.latte.tokenizer;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code Split} pre-tokenizer: cuts text at the matches of a regular expression (or of a
 * literal string) and keeps, drops or glues the matches according to a {@link SplitBehavior}.
 *
 * <p>Hugging Face compiles these patterns with Oniguruma; Java's engine agrees with it on the
 * constructs tokenizer files use once compiled with Unicode character classes ({@code \s} is
 * Unicode white space, {@code (?i)} folds Unicode case) and with {@code ^ $ .} treating only
 * {@code \n} as a line end, as Oniguruma's Ruby syntax does, and run over
 * {@link HuggingFaceUnicode#regexView} so that characters newer than Oniguruma's Unicode data count as
 * unassigned.
 */
final class RegexSplit implements PreTokenizer {
    static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS | Pattern.MULTILINE | Pattern.UNIX_LINES;

    private final Pattern pattern;
    private final SplitBehavior behavior;
    private final boolean invert;

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
    public void split(String text, Consumer<String> sink) {
        if (text.isEmpty()) {
            return;
        }
        Spans spans = new Spans();
        Matcher matcher = pattern.matcher(HuggingFaceUnicode.regexView(text));
        int length = text.length();
        int previousEnd = 0;
        int lastMatchEnd = -1;
        int from = 0;
        while (from <= length && matcher.find(from)) {
            int start = matcher.start();
            int end = matcher.end();
            if (start == end && end == lastMatchEnd) {
                // Oniguruma's iterator refuses an empty match right after the previous match and
                // retries one character further on.
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
        if (invert) {
            spans.invert();
        }
        behavior.emit(text, spans, sink);
    }

    @Override
    public String toString() {
        return "Split(" + pattern.pattern() + ", " + behavior + (invert ? ", inverted" : "") + ")";
    }
}
