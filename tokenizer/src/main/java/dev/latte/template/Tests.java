package dev.latte.template;

import java.util.Collection;
import java.util.Map;

/** Jinja2's tests, the right-hand side of {@code value is name}. */
final class Tests {
    private Tests() {
    }

    static boolean exists(String name) {
        return switch (name) {
            case "defined", "undefined", "none", "string", "number", "integer", "float", "boolean", "true", "false",
                 "mapping", "iterable", "sequence", "callable", "eq", "equalto", "==", "ne", "!=", "lt", "lessthan",
                 "<", "le", "<=", "gt", "greaterthan", ">", "ge", ">=", "in", "even", "odd", "divisibleby", "lower",
                 "upper", "sameas", "escaped", "filter", "test" -> true;
            default -> false;
        };
    }

    static boolean apply(String name, Object value, CallArguments a) {
        boolean result = switch (name) {
            case "defined" -> !(value instanceof Undefined);
            case "undefined" -> value instanceof Undefined;
            case "none" -> value == null;
            case "string" -> value instanceof String;
            case "number" -> PyValues.isNumber(value);
            case "integer" -> value instanceof Long || value instanceof java.math.BigInteger;
            case "float" -> value instanceof Double;
            case "boolean" -> value instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(value);
            case "false" -> Boolean.FALSE.equals(value);
            case "mapping" -> value instanceof Map<?, ?>;
            case "iterable" -> value instanceof String || value instanceof Collection<?> || value instanceof Map<?, ?>
                    || value instanceof Undefined;
            // Jinja2's Undefined has __len__, __getitem__ and __call__, so it passes these two.
            case "sequence" -> value instanceof String || value instanceof Collection<?> || value instanceof Map<?, ?>
                    || value instanceof Undefined;
            case "callable" -> value instanceof PyCallable || value instanceof Undefined;
            case "eq", "equalto", "==" -> PyValues.equal(value, a.required(0, "other"));
            case "ne", "!=" -> !PyValues.equal(value, a.required(0, "other"));
            case "lt", "lessthan", "<" -> PyValues.compare(value, a.required(0, "other"), "<") < 0;
            case "le", "<=" -> PyValues.compare(value, a.required(0, "other"), "<=") <= 0;
            case "gt", "greaterthan", ">" -> PyValues.compare(value, a.required(0, "other"), ">") > 0;
            case "ge", ">=" -> PyValues.compare(value, a.required(0, "other"), ">=") >= 0;
            case "in" -> PyValues.contains(a.required(0, "seq"), value);
            case "even" -> PyValues.toLong(value) % 2 == 0;
            case "odd" -> PyValues.toLong(value) % 2 != 0;
            case "divisibleby" -> PyValues.toLong(value) % PyValues.toLong(a.required(0, "num")) == 0;
            case "lower" -> PyValues.str(value).equals(PyStrings.lower(PyValues.str(value)))
                    && PyValues.str(value).codePoints().anyMatch(Character::isLowerCase);
            case "upper" -> PyValues.str(value).equals(PyStrings.upper(PyValues.str(value)))
                    && PyValues.str(value).codePoints().anyMatch(Character::isUpperCase);
            case "sameas" -> {
                Object other = a.required(0, "other");
                yield value == other || value instanceof Boolean && value.equals(other);
            }
            case "escaped" -> false;
            case "filter" -> Filters.exists(String.valueOf(value));
            case "test" -> exists(String.valueOf(value));
            default -> throw new PyException("TemplateRuntimeError", "No test named '" + name + "'.");
        };
        a.requireNoMoreThanRead();
        return result;
    }
}
