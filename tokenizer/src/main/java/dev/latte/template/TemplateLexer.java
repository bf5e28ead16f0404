package dev.latte.template;

import dev.latte.template.Token.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits a template into {@link Token}s the way Jinja2's lexer does with Hugging Face's settings
 * ({@code trim_blocks}, {@code lstrip_blocks}, no {@code keep_trailing_newline}).
 *
 * <p>Whitespace control happens here, as in Jinja2: {@code {%-} strips the white space before a
 * tag, {@code -%}} the white space after it; {@code trim_blocks} drops the first newline after a
 * block or comment tag; {@code lstrip_blocks} drops spaces and tabs between the start of a line and
 * a block or comment tag ({@code {%+} keeps them). Line endings are normalised to {@code \n} and
 * one trailing newline of the template is dropped.
 */
final class TemplateLexer {
    private static final String[] OPERATORS = {
        "//", "**", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"
    };

    private final String source;
    private final SourcePositions positions;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private boolean lineStarting = true;

    private TemplateLexer(String source) {
        this.source = source;
        this.positions = new SourcePositions(source);
    }

    /** Tokenizes {@code template}; the list ends with an {@link Kind#END} token. */
    static List<Token> tokenize(String template) {
        TemplateLexer lexer = new TemplateLexer(normalizeNewlines(template));
        lexer.run();
        return lexer.tokens;
    }

    static String normalizeNewlines(String template) {
        String text = template.replace("\r\n", "\n").replace('\r', '\n');
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private void run() {
        while (pos < source.length()) {
            int open = nextTagStart(pos);
            if (open < 0) {
                addText(source.substring(pos), pos);
                pos = source.length();
                break;
            }
            char kind = source.charAt(open + 1);
            char sign = open + 2 < source.length() ? source.charAt(open + 2) : '\0';
            boolean hasSign = sign == '-' || sign == '+';
            String text = source.substring(pos, open);
            if (sign == '-') {
                text = PyStrings.rstrip(text, null);
            } else if (sign != '+' && kind != '{') {
                text = lstripBeforeTag(text);
            }
            addText(text, pos);
            int afterOpen = open + (hasSign ? 3 : 2);
            switch (kind) {
                case '#' -> lexComment(open, afterOpen);
                case '%' -> {
                    if (!lexRaw(open, afterOpen)) {
                        add(Kind.BLOCK_BEGIN, "{%", open);
                        pos = afterOpen;
                        lexTag(false);
                    }
                }
                default -> {
                    add(Kind.VARIABLE_BEGIN, "{{", open);
                    pos = afterOpen;
                    lexTag(true);
                }
            }
        }
        add(Kind.END, null, source.length());
    }

    private int nextTagStart(int from) {
        int i = source.indexOf('{', from);
        while (i >= 0 && i + 1 < source.length()) {
            char c = source.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i = source.indexOf('{', i + 1);
        }
        return -1;
    }

    /** lstrip_blocks: white space alone between a line start and a block tag goes. */
    private String lstripBeforeTag(String text) {
        int lineStart = text.lastIndexOf('\n') + 1;
        if ((lineStart > 0 || lineStarting) && lineStart < text.length()
                && PyStrings.isAllSpace(text, lineStart)) {
            return text.substring(0, lineStart);
        }
        return text;
    }

    private void lexComment(int open, int afterOpen) {
        int close = source.indexOf("#}", afterOpen);
        if (close < 0) {
            throw error("missing end of comment tag", open);
        }
        // A '-' right before '#}' is whitespace control, unless it is the opener's own sign.
        boolean strip = close - 1 >= afterOpen && source.charAt(close - 1) == '-';
        boolean keep = close - 1 >= afterOpen && source.charAt(close - 1) == '+';
        pos = close + 2;
        finishTagEnd(strip, keep);
    }

    /** Handles {@code {% raw %}...{% endraw %}}; returns false when the tag is not {@code raw}. */
    private boolean lexRaw(int open, int afterOpen) {
        int p = skipSpace(afterOpen);
        if (!source.startsWith("raw", p)) {
            return false;
        }
        p = skipSpace(p + 3);
        boolean stripBody = p < source.length() && source.charAt(p) == '-';
        if (!source.startsWith("%}", stripBody ? p + 1 : p)) {
            return false;
        }
        int bodyStart = skipSpaceIf(stripBody, p + (stripBody ? 3 : 2));
        lineStarting = bodyStart > 0 && source.charAt(bodyStart - 1) == '\n';
        int search = bodyStart;
        while (true) {
            int tag = source.indexOf("{%", search);
            if (tag < 0) {
                throw error("missing end of raw directive", open);
            }
            int q = tag + 2;
            char sign = q < source.length() ? source.charAt(q) : '\0';
            if (sign == '-' || sign == '+') q++;
            q = skipSpace(q);
            if (source.startsWith("endraw", q)) {
                q = skipSpace(q + 6);
                boolean strip = q < source.length() && source.charAt(q) == '-';
                boolean keep = q < source.length() && source.charAt(q) == '+';
                if (strip || keep) q++;
                if (source.startsWith("%}", q)) {
                    String body = source.substring(bodyStart, tag);
                    if (sign == '-') {
                        body = PyStrings.rstrip(body, null);
                    } else if (sign != '+') {
                        body = lstripBeforeTag(body);
                    }
                    addText(body, bodyStart);
                    pos = q + 2;
                    finishTagEnd(strip, keep);
                    return true;
                }
            }
            search = tag + 2;
        }
    }

    /** After a block or comment end: strip following white space for '-', else trim_blocks. */
    private void finishTagEnd(boolean strip, boolean keep) {
        if (strip) {
            pos = skipSpace(pos);
        } else if (!keep && pos < source.length() && source.charAt(pos) == '\n') {
            pos++;
        }
        lineStarting = pos > 0 && source.charAt(pos - 1) == '\n';
    }

    private void lexTag(boolean variable) {
        Deque<Character> brackets = new ArrayDeque<>();
        while (true) {
            pos = skipSpace(pos);
            if (pos >= source.length()) {
                throw error("unexpected end of template, expected " + (variable ? "'}}'" : "'%}'"), pos);
            }
            if (brackets.isEmpty() && tryTagEnd(variable)) {
                return;
            }
            char c = source.charAt(pos);
            if (c == '"' || c == '\'') {
                lexString(c);
            } else if (isDigit(c)) {
                lexNumber();
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < source.length() && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '_')) {
                    pos++;
                }
                add(Kind.NAME, source.substring(start, pos), start);
            } else {
                lexOperator(brackets);
            }
        }
    }

    private boolean tryTagEnd(boolean variable) {
        String close = variable ? "}}" : "%}";
        int start = pos;
        if (source.startsWith("-" + close, pos)) {
            pos += 3;
            add(variable ? Kind.VARIABLE_END : Kind.BLOCK_END, close, start);
            pos = skipSpace(pos);
            lineStarting = pos > 0 && source.charAt(pos - 1) == '\n';
            return true;
        }
        if (!variable && source.startsWith("+" + close, pos)) {
            pos += 3;
            add(Kind.BLOCK_END, close, start);
            lineStarting = false;
            return true;
        }
        if (source.startsWith(close, pos)) {
            pos += 2;
            add(variable ? Kind.VARIABLE_END : Kind.BLOCK_END, close, start);
            if (variable) {
                lineStarting = false;
            } else {
                finishTagEnd(false, false);
            }
            return true;
        }
        return false;
    }

    private void lexOperator(Deque<Character> brackets) {
        for (String op : OPERATORS) {
            if (source.startsWith(op, pos)) {
                char c = op.charAt(0);
                if (op.length() == 1 && (c == '(' || c == '[' || c == '{')) {
                    brackets.push(c == '(' ? ')' : c == '[' ? ']' : '}');
                } else if (op.length() == 1 && (c == ')' || c == ']' || c == '}')) {
                    if (brackets.isEmpty()) {
                        throw error("unexpected '" + c + "'", pos);
                    }
                    char expected = brackets.pop();
                    if (expected != c) {
                        throw error("unexpected '" + c + "', expected '" + expected + "'", pos);
                    }
                }
                add(Kind.OPERATOR, op, pos);
                pos += op.length();
                return;
            }
        }
        throw error("unexpected char '" + source.charAt(pos) + "'", pos);
    }

    private void lexString(char quote) {
        int start = pos;
        int i = pos + 1;
        while (i < source.length() && source.charAt(i) != quote) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= source.length()) {
            throw error("unterminated string", start);
        }
        String decoded;
        try {
            decoded = PyStrings.decodeEscapes(source.substring(pos + 1, i));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), start);
        }
        add(Kind.STRING, decoded, start);
        pos = i + 1;
    }

    private void lexNumber() {
        int start = pos;
        if (source.charAt(pos) == '0' && pos + 1 < source.length() && "xXoObB".indexOf(source.charAt(pos + 1)) >= 0) {
            int radix = switch (Character.toLowerCase(source.charAt(pos + 1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            int i = pos + 2;
            while (i < source.length() && (Character.digit(source.charAt(i), radix) >= 0 || source.charAt(i) == '_')) i++;
            String digits = source.substring(pos + 2, i).replace("_", "");
            if (digits.isEmpty()) {
                throw error("invalid number literal", start);
            }
            pos = i;
            add(Kind.INTEGER, Long.parseLong(digits, radix), start);
            return;
        }
        int i = digitsEnd(pos);
        boolean isFloat = false;
        // After a dot (items.0.1) a number is an index, never the start of a float.
        boolean afterDot = start > 0 && source.charAt(start - 1) == '.';
        if (afterDot) {
            pos = i;
            add(Kind.INTEGER, Long.parseLong(source.substring(start, i).replace("_", "")), start);
            return;
        }
        if (i + 1 < source.length() && source.charAt(i) == '.' && isDigit(source.charAt(i + 1))) {
            i = digitsEnd(i + 1);
            isFloat = true;
        }
        if (i < source.length() && (source.charAt(i) == 'e' || source.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < source.length() && (source.charAt(j) == '+' || source.charAt(j) == '-')) j++;
            if (j < source.length() && isDigit(source.charAt(j))) {
                i = digitsEnd(j);
                isFloat = true;
            }
        }
        String literal = source.substring(start, i).replace("_", "");
        pos = i;
        if (isFloat) {
            add(Kind.FLOAT, Double.parseDouble(literal), start);
        } else {
            add(Kind.INTEGER, Long.parseLong(literal), start);
        }
    }

    private int digitsEnd(int from) {
        int i = from;
        while (i < source.length() && (isDigit(source.charAt(i))
                || source.charAt(i) == '_' && i + 1 < source.length() && isDigit(source.charAt(i + 1)))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private int skipSpaceIf(boolean skip, int from) {
        return skip ? skipSpace(from) : from;
    }

    private int skipSpace(int from) {
        int i = from;
        while (i < source.length() && PyStrings.isSpace(source.charAt(i))) i++;
        return i;
    }

    private void addText(String text, int offset) {
        if (!text.isEmpty()) {
            add(Kind.TEXT, text, offset);
        }
    }

    private void add(Kind kind, Object value, int offset) {
        tokens.add(new Token(kind, value, positions.line(offset), positions.column(offset)));
    }

    private TemplateSyntaxException error(String problem, int offset) {
        return new TemplateSyntaxException(problem, positions.line(offset), positions.column(offset));
    }
}
