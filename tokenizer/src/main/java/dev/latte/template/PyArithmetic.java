package dev.latte.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's arithmetic operators on template values: int and float promotion, floor division and
 * modulo rounding toward negative infinity, string and list concatenation and repetition, and the
 * TypeErrors Python raises for anything else (such as {@code 'text' + None}).
 */
final class PyArithmetic {
    /** A template that multiplies a string past this many characters fails rather than exhausts the heap. */
    private static final long MAX_REPEATED_LENGTH = 1L << 26;

    private PyArithmetic() {
    }

    static Object binary(String operator, Object a, Object b) {
        if (a instanceof Undefined u) throw u.error();
        if (b instanceof Undefined u) throw u.error();
        return switch (operator) {
            case "+" -> add(a, b);
            case "-" -> numeric(operator, a, b);
            case "*" -> multiply(a, b);
            case "/" -> divide(a, b);
            case "%" -> a instanceof String template ? PyFormat.format(template, b) : numeric(operator, a, b);
            case "//", "**" -> numeric(operator, a, b);
            default -> throw new IllegalArgumentException(operator);
        };
    }

    static Object negate(Object v, String operator) {
        if (v instanceof Undefined u) throw u.error();
        if (PyValues.isInteger(v)) return operator.equals("-") ? Math.negateExact(PyValues.toLong(v)) : PyValues.toLong(v);
        if (v instanceof Double d) return operator.equals("-") ? -d : d;
        throw new PyException("TypeError", "bad operand type for unary " + operator + ": '" + PyValues.typeName(v) + "'");
    }

    private static Object add(Object a, Object b) {
        if (a instanceof String x) {
            if (b instanceof String y) return x + y;
            throw new PyException("TypeError", "can only concatenate str (not \"" + PyValues.typeName(b) + "\") to str");
        }
        if (a instanceof List<?> x && !PyValues.isNumber(b)) {
            if (b instanceof List<?> y && (a instanceof PyTuple) == (b instanceof PyTuple)) {
                List<Object> joined = new ArrayList<>(x);
                joined.addAll(y);
                return a instanceof PyTuple ? new PyTuple(joined) : joined;
            }
            String kind = PyValues.typeName(a);
            throw new PyException("TypeError", "can only concatenate " + kind + " (not \"" + PyValues.typeName(b) + "\") to " + kind);
        }
        return numeric("+", a, b);
    }

    private static Object multiply(Object a, Object b) {
        if (a instanceof String || a instanceof List<?>) return repeat(a, b);
        if (b instanceof String || b instanceof List<?>) return repeat(b, a);
        return numeric("*", a, b);
    }

    private static Object repeat(Object sequence, Object times) {
        if (!PyValues.isInteger(times)) {
            throw new PyException("TypeError", "can't multiply sequence by non-int of type '" + PyValues.typeName(times) + "'");
        }
        long n = Math.max(0, PyValues.toLong(times));
        long size = sequence instanceof String s ? s.length() : ((List<?>) sequence).size();
        if (size > 0 && n > MAX_REPEATED_LENGTH / size) {
            throw new PyException("MemoryError", "repeating a sequence of " + size + " items " + n + " times");
        }
        if (sequence instanceof String s) {
            return s.repeat((int) n);
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < n; i++) out.addAll((List<?>) sequence);
        return sequence instanceof PyTuple ? new PyTuple(out) : out;
    }

    private static Object divide(Object a, Object b) {
        requireNumbers("/", a, b);
        double divisor = PyValues.toDouble(b);
        if (divisor == 0) throw new PyException("ZeroDivisionError", "division by zero");
        if (PyValues.isInteger(a) && PyValues.isInteger(b)) {
            return (double) PyValues.toLong(a) / PyValues.toLong(b);
        }
        return PyValues.toDouble(a) / divisor;
    }

    private static Object numeric(String operator, Object a, Object b) {
        requireNumbers(operator, a, b);
        if (PyValues.isInteger(a) && PyValues.isInteger(b)) {
            long x = PyValues.toLong(a);
            long y = PyValues.toLong(b);
            return switch (operator) {
                case "+" -> Math.addExact(x, y);
                case "-" -> Math.subtractExact(x, y);
                case "*" -> Math.multiplyExact(x, y);
                case "//" -> Math.floorDiv(x, nonZero(y, "integer division or modulo by zero"));
                case "%" -> Math.floorMod(x, nonZero(y, "integer modulo by zero"));
                case "**" -> {
                    if (y >= 0) yield power(x, y);
                    yield Math.pow(x, y);
                }
                default -> throw new IllegalArgumentException(operator);
            };
        }
        double x = PyValues.toDouble(a);
        double y = PyValues.toDouble(b);
        return switch (operator) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "//" -> Math.floor(x / nonZero(y, "float floor division by zero"));
            case "%" -> {
                double r = x % nonZero(y, "float modulo");
                yield r != 0 && (r < 0) != (y < 0) ? r + y : r;
            }
            case "**" -> Math.pow(x, y);
            default -> throw new IllegalArgumentException(operator);
        };
    }

    private static long power(long base, long exponent) {
        long result = 1;
        for (long i = 0; i < exponent; i++) result = Math.multiplyExact(result, base);
        return result;
    }

    private static long nonZero(long v, String message) {
        if (v == 0) throw new PyException("ZeroDivisionError", message);
        return v;
    }

    private static double nonZero(double v, String message) {
        if (v == 0) throw new PyException("ZeroDivisionError", message);
        return v;
    }

    private static void requireNumbers(String operator, Object a, Object b) {
        if (!PyValues.isNumber(a) || !PyValues.isNumber(b)) {
            throw new PyException("TypeError", "unsupported operand type(s) for " + operator + ": '"
                    + PyValues.typeName(a) + "' and '" + PyValues.typeName(b) + "'");
        }
    }
}
