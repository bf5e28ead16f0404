package dev.latte.template;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one call to a filter, test, method or global function, read by position or
 * by keyword as Python binds them; too many arguments are a TypeError, as in Python.
 */
final class CallArguments {
    private final String function;
    private final List<Object> positional;
    private final Map<String, Object> keywords;
    private final Set<String> namesRead = new HashSet<>();
    private int positionsRead;

    CallArguments(String function, List<Object> positional, Map<String, Object> keywords) {
        this.function = function;
        this.positional = positional;
        this.keywords = keywords;
    }

    int positionalCount() {
        return positional.size();
    }

    List<Object> positional() {
        return positional;
    }

    Map<String, Object> keywords() {
        return keywords;
    }

    boolean has(int index, String name) {
        return index < positional.size() || keywords.containsKey(name);
    }

    Object optional(int index, String name, Object fallback) {
        positionsRead = Math.max(positionsRead, index + 1);
        namesRead.add(name);
        if (index < positional.size()) {
            if (keywords.containsKey(name)) {
                throw new PyException("TypeError", function + "() got multiple values for argument '" + name + "'");
            }
            return positional.get(index);
        }
        return keywords.getOrDefault(name, fallback);
    }

    Object required(int index, String name) {
        if (!has(index, name)) {
            throw new PyException("TypeError", function + "() missing required argument: '" + name + "'");
        }
        return optional(index, name, null);
    }

    String string(int index, String name) {
        Object value = required(index, name);
        if (value instanceof String s) return s;
        throw new PyException("TypeError", function + "() argument '" + name + "' must be str, not " + PyValues.typeName(value));
    }

    /** A str argument that may be absent or None (then null). */
    String optionalString(int index, String name) {
        Object value = optional(index, name, null);
        if (value == null || value instanceof String) return (String) value;
        throw new PyException("TypeError", function + "() argument '" + name + "' must be str or None, not "
                + PyValues.typeName(value));
    }

    long integer(int index, String name, long fallback) {
        Object value = optional(index, name, fallback);
        return PyValues.toLong(value);
    }

    /** For functions that pass their remaining arguments on (filters calling tests). */
    void markAllRead() {
        positionsRead = positional.size();
        namesRead.addAll(keywords.keySet());
    }

    /** Throws where the caller gave arguments this function does not take. */
    void requireNoMoreThanRead() {
        if (positional.size() > positionsRead) {
            throw new PyException("TypeError", function + "() takes at most " + positionsRead + " arguments ("
                    + positional.size() + " given)");
        }
        for (String name : keywords.keySet()) {
            if (!namesRead.contains(name)) {
                throw new PyException("TypeError", function + "() got an unexpected keyword argument '" + name + "'");
            }
        }
    }
}
