package dev.latte.template;

/**
 * A chat template refused to render: it called {@code raise_exception(message)} (then
 * {@link #getMessage()} is exactly the template's message), or an expression failed at run time
 * where Jinja2 fails too (a {@code None} where a string is needed, an undefined value used in
 * arithmetic, ...), in which case the message names the template line.
 */
public final class TemplateRenderException extends RuntimeException {
    private final int line;
    private final boolean raisedByTemplate;

    TemplateRenderException(String message, int line, boolean raisedByTemplate) {
        super(message);
        this.line = line;
        this.raisedByTemplate = raisedByTemplate;
    }

    /** The 1-based template line being rendered when the error happened, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** Whether the template itself refused, through {@code raise_exception}. */
    public boolean raisedByTemplate() {
        return raisedByTemplate;
    }
}
