package dev.latte.template;

/**
 * Jinja2's default {@code Undefined}: what a missing variable, key or attribute evaluates to. It
 * prints as nothing, is false, iterates as empty and has length 0, but using it any further (an
 * attribute, arithmetic, a call) fails with the reason it is undefined.
 */
final class Undefined {
    private final String reason;

    Undefined(String reason) {
        this.reason = reason;
    }

    static Undefined variable(String name) {
        return new Undefined("'" + name + "' is undefined");
    }

    static Undefined member(Object owner, Object name) {
        String key = name instanceof String s ? "attribute '" + s + "'" : "element " + PyValues.repr(name);
        return new Undefined(PyValues.objectDescription(owner) + " has no " + key);
    }

    PyException error() {
        return new PyException("UndefinedError", reason);
    }
}
