package dev.latte.template;

/**
 * A Python-level error raised while evaluating an expression ({@code TypeError},
 * {@code UndefinedError}, ...). The interpreter turns it into a {@link TemplateRenderException}
 * that names the template line.
 */
final class PyException extends RuntimeException {
    private final String type;

    PyException(String type, String message) {
        super(message);
        this.type = type;
    }

    String type() {
        return type;
    }
}
