package dev.latte.template;

/**
 * A chat template that is not valid Jinja: an unclosed tag, an unexpected token, an unknown
 * statement. The message names the line and column (1-based) of the offending token in the template.
 */
public final class TemplateSyntaxException extends RuntimeException {
    private final int line;
    private final int column;

    TemplateSyntaxException(String problem, int line, int column) {
        super(problem + " at line " + line + ", column " + column);
        this.line = line;
        this.column = column;
    }

    /** The 1-based template line of the problem. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem within its line. */
    public int column() {
        return column;
    }
}
