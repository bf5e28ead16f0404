package dev.latte.template;

import java.util.HashMap;
import java.util.Map;

/**
 * One level of variables: the globals, a template render, a loop iteration or a macro call.
 * Assignments land in the innermost level, which is why a {@code set} inside a loop body is not
 * seen after the loop (Jinja2's rule, and the reason {@code namespace()} exists).
 */
final class Scope {
    private final Scope parent;
    private final Map<String, Object> variables = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Object value = s.variables.get(name);
            if (value != null || s.variables.containsKey(name)) {
                return value;
            }
        }
        return Undefined.variable(name);
    }

    void set(String name, Object value) {
        variables.put(name, value);
    }
}
