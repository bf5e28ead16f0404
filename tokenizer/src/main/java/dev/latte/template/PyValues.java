package dev.latte.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's meaning of the values a template handles: truth, {@code str()} and {@code repr()},
 * equality and ordering, {@code len()}, iteration and {@code in}.
 *
 * <p>Values are plain Java objects: {@code null} is {@code None}, {@link Boolean}, {@link Long}
 * (int), {@link Double} (float), {@link String}, {@link List} (list; {@link PyTuple} for tuple),
 * {@link Map} (dict), plus {@link Undefined}, {@link Namespace}, {@link LoopContext} and
 * {@link PyCallable}.
 */
final class PyValues {
    private PyValues() {
    }

    /** Converts Java values given by a caller (Integer, Float, arrays of records...) to template values. */
    static Object fromJava(Object value) {
        return switch (value) {
            case null -> null;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
            case PyTuple t -> t;
            case ChatMessage m -> fromJava(m.toMap());
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(fromJava(k), fromJava(v)));
                yield copy;
            }
            case Collection<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(v -> copy.add(fromJava(v)));
                yield copy;
            }
            case Object[] array -> fromJava(List.of(array));
            default -> value;
        };
    }

    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0;
            case BigInteger b -> b.signum() != 0;
            case String s -> !s.isEmpty();
            case Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Boolean || v instanceof BigInteger;
    }

    static boolean isNumber(Object v) {
        return isInteger(v) || v instanceof Double;
    }

    static long toLong(Object v) {
        return switch (v) {
            case Boolean b -> b ? 1 : 0;
            case Long l -> l;
            case BigInteger b -> b.longValueExact();
            case null, default -> throw new PyException("TypeError", "'" + typeName(v) + "' object cannot be interpreted as an integer");
        };
    }

    static double toDouble(Object v) {
        return switch (v) {
            case Boolean b -> b ? 1 : 0;
            case Number n -> n.doubleValue();
            case null, default -> throw new PyException("TypeError", "must be real number, not " + typeName(v));
        };
    }

    /** Python's {@code type(v).__name__}. */
    static String typeName(Object v) {
        return switch (v) {
            case null -> "NoneType";
            case Undefined u -> "Undefined";
            case Boolean b -> "bool";
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case String s -> "str";
            case PyTuple t -> "tuple";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Namespace n -> "Namespace";
            case LoopContext l -> "LoopContext";
            case Macro m -> "Macro";
            case PyCallable c -> "function";
            default -> v.getClass().getSimpleName();
        };
    }

    /** How Jinja2 names an object in "has no attribute" messages. */
    static String objectDescription(Object v) {
        return v == null ? "'None'" : "'" + typeName(v) + " object'";
    }

    /** Python's {@code str(v)}; undefined prints as nothing. */
    static String str(Object v) {
        return switch (v) {
            case null -> "None";
            case String s -> s;
            case Undefined u -> "";
            default -> repr(v);
        };
    }

    /** Python's {@code repr(v)}. */
    static String repr(Object v) {
        return switch (v) {
            case null -> "None";
            case Undefined u -> "";
            case Boolean b -> b ? "True" : "False";
            case Double d -> floatRepr(d);
            case String s -> stringRepr(s);
            case PyTuple t -> {
                StringBuilder out = new StringBuilder("(");
                for (int i = 0; i < t.size(); i++) {
                    if (i > 0) out.append(", ");
                    out.append(repr(t.get(i)));
                }
                yield out.append(t.size() == 1 ? ",)" : ")").toString();
            }
            case List<?> list -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) out.append(", ");
                    out.append(repr(list.get(i)));
                }
                yield out.append(']').toString();
            }
            case Map<?, ?> map -> {
                StringBuilder out = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) out.append(", ");
                    first = false;
                    out.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                }
                yield out.append('}').toString();
            }
            case Namespace n -> "<Namespace " + repr(n.attributes) + ">";
            case LoopContext l -> "<LoopContext " + l.index() + "/" + l.length() + ">";
            case Macro m -> "<Macro '" + m.name() + "'>";
            default -> v.toString();
        };
    }

    /** Python's shortest round-trip {@code repr} of a float: {@code 1.0}, {@code 1e+16}, {@code 1e-05}. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (exponent >= -4 && exponent < 16) {
            int scale = exact.scale();
            if (scale <= 0) {
                out.append(digits).append("0".repeat(-scale)).append(".0");
            } else if (digits.length() > scale) {
                out.append(digits, 0, digits.length() - scale).append('.').append(digits.substring(digits.length() - scale));
            } else {
                out.append("0.").append("0".repeat(scale - digits.length())).append(digits);
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) out.append('.').append(digits, 1, digits.length());
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            out.append(abs < 10 ? "0" : "").append(abs);
        }
        return out.toString();
    }

    private static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        s.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (isPrintable(c)) {
                out.appendCodePoint(c);
            } else if (c < 0x100) {
                out.append(String.format(Locale.ROOT, "\\x%02x", c));
            } else if (c < 0x10000) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.append(String.format(Locale.ROOT, "\\U%08x", c));
            }
        });
        return out.append(quote).toString();
    }

    private static boolean isPrintable(int c) {
        if (c == ' ') return true;
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Python's {@code ==}: numbers by value across int, float and bool; a tuple never equals a list. */
    static boolean equal(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
        if (isNumber(a) && isNumber(b)) {
            if (isInteger(a) && isInteger(b)) return toBig(a).equals(toBig(b));
            return toDouble(a) == toDouble(b);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if ((a instanceof PyTuple) != (b instanceof PyTuple) || x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) return false;
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    private static BigInteger toBig(Object integer) {
        return integer instanceof BigInteger b ? b : BigInteger.valueOf(toLong(integer));
    }

    /** Python's ordering for {@code < <= > >=}; a TypeError between unorderable types. */
    static int compare(Object a, Object b, String operator) {
        if (isNumber(a) && isNumber(b)) {
            if (isInteger(a) && isInteger(b)) return toBig(a).compareTo(toBig(b));
            return Double.compare(toDouble(a), toDouble(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof PyTuple) == (b instanceof PyTuple)) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!equal(x.get(i), y.get(i))) return compare(x.get(i), y.get(i), operator);
            }
            return Integer.compare(x.size(), y.size());
        }
        if (a instanceof Undefined u) throw u.error();
        if (b instanceof Undefined u) throw u.error();
        throw new PyException("TypeError", "'" + operator + "' not supported between instances of '"
                + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) return Integer.compare(a, b);
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    /** Python's {@code len(v)}; undefined has length 0. */
    static long length(Object v) {
        return switch (v) {
            case String s -> PyStrings.length(s);
            case Collection<?> c -> c.size();
            case Map<?, ?> m -> m.size();
            case Undefined u -> 0;
            case null, default -> throw new PyException("TypeError", "object of type '" + typeName(v) + "' has no len()");
        };
    }

    /** The items Python's {@code for} visits: characters, elements, or a dict's keys. */
    static List<Object> iterate(Object v) {
        return switch (v) {
            case String s -> PyStrings.characters(s);
            case List<?> list -> new ArrayList<>(list);
            case Collection<?> c -> new ArrayList<>(c);
            case Map<?, ?> m -> new ArrayList<>(m.keySet());
            case Undefined u -> List.of();
            case null, default -> throw new PyException("TypeError", "'" + typeName(v) + "' object is not iterable");
        };
    }

    /** Python's {@code item in container}. */
    static boolean contains(Object container, Object item) {
        switch (container) {
            case String s -> {
                if (item instanceof String sub) return s.contains(sub);
                throw new PyException("TypeError", "'in <string>' requires string as left operand, not " + typeName(item));
            }
            case Map<?, ?> m -> {
                for (Object key : m.keySet()) {
                    if (equal(key, item)) return true;
                }
                return false;
            }
            case Collection<?> c -> {
                for (Iterator<?> it = c.iterator(); it.hasNext(); ) {
                    if (equal(it.next(), item)) return true;
                }
                return false;
            }
            case Undefined u -> {
                return false;
            }
            case null, default -> throw new PyException("TypeError", "argument of type '" + typeName(container) + "' is not iterable");
        }
    }
}
