package dev.latte.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2's filters, the right-hand side of {@code value | name(...)}, with {@code tojson} as
 * Hugging Face redefines it ({@code json.dumps(value, ensure_ascii=False, indent=...)}).
 */
final class Filters {
    private static final Set<String> NAMES = Set.of("tojson", "trim", "length", "count", "join", "first", "last",
            "default", "d", "upper", "lower", "title", "capitalize", "replace", "string", "list", "int", "float",
            "abs", "items", "map", "select", "reject", "selectattr", "rejectattr", "reverse", "sort", "unique",
            "safe", "escape", "e", "indent", "dictsort", "sum", "max", "min", "attr", "round", "format", "wordcount",
            "center");
    private static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s(\\{\\[<]+)");

    private Filters() {
    }

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    static Object apply(String name, Object value, CallArguments a) {
        Object result = switch (name) {
            case "tojson" -> toJson(value, a);
            case "trim" -> PyStrings.strip(PyValues.str(value), a.optionalString(0, "chars"));
            case "length", "count" -> PyValues.length(value);
            case "join" -> join(value, a);
            case "first" -> {
                List<Object> items = PyValues.iterate(value);
                yield items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.getFirst();
            }
            case "last" -> {
                List<Object> items = PyValues.iterate(value);
                yield items.isEmpty() ? new Undefined("No last item, sequence was empty.") : items.getLast();
            }
            case "default", "d" -> {
                Object fallback = a.optional(0, "default_value", "");
                boolean onFalse = PyValues.truthy(a.optional(1, "boolean", false));
                yield value instanceof Undefined || onFalse && !PyValues.truthy(value) ? fallback : value;
            }
            case "upper" -> PyStrings.upper(PyValues.str(value));
            case "lower" -> PyStrings.lower(PyValues.str(value));
            case "title" -> title(PyValues.str(value));
            case "capitalize" -> PyStrings.capitalize(PyValues.str(value));
            case "replace" -> {
                Object count = a.optional(2, "count", null);
                yield PyStrings.replace(PyValues.str(value), PyValues.str(a.required(0, "old")),
                        PyValues.str(a.required(1, "new")), count == null ? -1 : PyValues.toLong(count));
            }
            case "string" -> PyValues.str(value);
            case "list" -> PyValues.iterate(value);
            case "int" -> toInt(value, a.optional(0, "default", 0L), a.integer(1, "base", 10));
            case "float" -> toFloat(value, a.optional(0, "default", 0.0));
            case "abs" -> PyValues.toDouble(value) < 0 ? PyArithmetic.negate(value, "-") : PyArithmetic.negate(value, "+");
            case "items" -> items(value);
            case "map" -> map(value, a);
            case "select", "reject" -> select(value, a, name.equals("select"), false);
            case "selectattr", "rejectattr" -> select(value, a, name.equals("selectattr"), true);
            case "reverse" -> reverse(value);
            case "sort" -> sort(value, a);
            case "unique" -> unique(value);
            case "safe" -> value;
            case "escape", "e" -> escape(PyValues.str(value));
            case "indent" -> indent(PyValues.str(value), a);
            case "dictsort" -> dictsort(value, a);
            case "sum" -> sum(value, a);
            case "max", "min" -> extreme(value, a, name.equals("max"));
            case "attr" -> PyMembers.attributeOnly(value, PyValues.str(a.required(0, "name")));
            case "round" -> round(value, a.integer(0, "precision", 0), PyValues.str(a.optional(1, "method", "common")));
            case "format" -> {
                a.markAllRead();
                yield PyFormat.format(PyValues.str(value), a.keywords().isEmpty()
                        ? new PyTuple(a.positional()) : new java.util.LinkedHashMap<Object, Object>(a.keywords()));
            }
            case "wordcount" -> (long) PyStrings.split(PyValues.str(value), null, -1).size();
            case "center" -> center(PyValues.str(value), a.integer(0, "width", 80));
            default -> throw new PyException("TemplateRuntimeError", "No filter named '" + name + "'.");
        };
        a.requireNoMoreThanRead();
        return result;
    }

    private static String toJson(Object value, CallArguments a) {
        boolean ensureAscii = PyValues.truthy(a.optional(0, "ensure_ascii", false));
        Object indent = a.optional(1, "indent", null);
        Object separators = a.optional(2, "separators", null);
        boolean sortKeys = PyValues.truthy(a.optional(3, "sort_keys", false));
        String indentText = switch (indent) {
            case null -> null;
            case String s -> s;
            default -> " ".repeat((int) Math.max(0, PyValues.toLong(indent)));
        };
        List<String> separatorPair = null;
        if (separators != null) {
            List<Object> pair = PyValues.iterate(separators);
            separatorPair = List.of(PyValues.str(pair.get(0)), PyValues.str(pair.get(1)));
        }
        return new PythonJson(indentText, separatorPair, ensureAscii, sortKeys).dumps(value);
    }

    private static String join(Object value, CallArguments a) {
        String separator = PyValues.str(a.optional(0, "d", ""));
        Object attribute = a.optional(1, "attribute", null);
        StringBuilder out = new StringBuilder();
        List<Object> items = PyValues.iterate(value);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) out.append(separator);
            Object item = attribute == null ? items.get(i) : attributeOf(items.get(i), attribute);
            out.append(PyValues.str(item));
        }
        return out.toString();
    }

    /** Jinja2's attribute getter: dotted path, each part looked up as an item first. */
    static Object attributeOf(Object item, Object attribute) {
        if (!(attribute instanceof String path)) {
            return PyMembers.item(item, attribute);
        }
        Object current = item;
        for (String part : path.split("\\.")) {
            Object key = part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? (Object) Long.parseLong(part) : part;
            current = PyMembers.item(current, key);
        }
        return current;
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = WORD_BEGINNING.matcher(s);
        int last = 0;
        while (m.find()) {
            titleWord(s.substring(last, m.start()), out);
            titleWord(m.group(), out);
            last = m.end();
        }
        titleWord(s.substring(last), out);
        return out.toString();
    }

    private static void titleWord(String item, StringBuilder out) {
        if (item.isEmpty()) return;
        int first = item.codePointAt(0);
        out.append(PyStrings.upper(Character.toString(first)))
                .append(PyStrings.lower(item.substring(Character.charCount(first))));
    }

    private static Object toInt(Object value, Object fallback, long base) {
        try {
            if (value instanceof String s) {
                return Long.parseLong(PyStrings.strip(s, null).replace("_", ""), (int) base);
            }
            if (PyValues.isInteger(value)) return PyValues.toLong(value);
            if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) return (long) (double) d;
        } catch (NumberFormatException e) {
            // Jinja2 retries through float, so "42.23" gives 42.
        }
        try {
            double d = Double.parseDouble(PyStrings.strip(PyValues.str(value), null));
            if (!Double.isNaN(d) && !Double.isInfinite(d) && value instanceof String) return (long) d;
        } catch (NumberFormatException e) {
            // not a number at all: the default below
        }
        return fallback;
    }

    private static Object toFloat(Object value, Object fallback) {
        if (PyValues.isNumber(value)) return PyValues.toDouble(value);
        if (value instanceof String s) {
            try {
                return Double.parseDouble(PyStrings.strip(s, null).replace("_", ""));
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static List<Object> items(Object value) {
        if (value instanceof Undefined) return List.of();
        if (!(value instanceof Map<?, ?> map)) {
            throw new PyException("TypeError", "Can only get item pairs from a mapping.");
        }
        List<Object> pairs = new ArrayList<>();
        map.forEach((k, v) -> pairs.add(new PyTuple(Arrays.asList(k, v))));
        return pairs;
    }

    private static List<Object> map(Object value, CallArguments a) {
        List<Object> out = new ArrayList<>();
        if (a.keywords().containsKey("attribute")) {
            Object attribute = a.keywords().get("attribute");
            Object fallback = a.keywords().get("default");
            boolean hasDefault = a.keywords().containsKey("default");
            a.markAllRead();
            for (Object item : PyValues.iterate(value)) {
                Object mapped = attributeOf(item, attribute);
                out.add(hasDefault && mapped instanceof Undefined ? fallback : mapped);
            }
            return out;
        }
        String filter = PyValues.str(a.required(0, "filter"));
        List<Object> rest = a.positional().subList(1, a.positionalCount());
        Map<String, Object> keywords = a.keywords();
        a.markAllRead();
        for (Object item : PyValues.iterate(value)) {
            out.add(apply(filter, item, new CallArguments(filter, rest, keywords)));
        }
        return out;
    }

    private static List<Object> select(Object value, CallArguments a, boolean keep, boolean byAttribute) {
        int offset = byAttribute ? 1 : 0;
        Object attribute = byAttribute ? a.required(0, "attribute") : null;
        List<Object> positional = a.positional();
        String test = positional.size() > offset ? PyValues.str(positional.get(offset)) : null;
        List<Object> testArguments = positional.size() > offset + 1 ? positional.subList(offset + 1, positional.size()) : List.of();
        a.markAllRead();
        List<Object> out = new ArrayList<>();
        for (Object item : PyValues.iterate(value)) {
            Object subject = byAttribute ? attributeOf(item, attribute) : item;
            boolean passes = test == null ? PyValues.truthy(subject)
                    : Tests.apply(test, subject, new CallArguments(test, testArguments, Map.of()));
            if (passes == keep) out.add(item);
        }
        return out;
    }

    private static Object reverse(Object value) {
        if (value instanceof String s) return new StringBuilder(s).reverse().toString();
        List<Object> items = PyValues.iterate(value);
        Collections.reverse(items);
        return items;
    }

    private static List<Object> sort(Object value, CallArguments a) {
        boolean reverse = PyValues.truthy(a.optional(0, "reverse", false));
        boolean caseSensitive = PyValues.truthy(a.optional(1, "case_sensitive", false));
        Object attribute = a.optional(2, "attribute", null);
        List<Object> items = PyValues.iterate(value);
        items.sort((x, y) -> {
            Object kx = sortKey(attribute == null ? x : attributeOf(x, attribute), caseSensitive);
            Object ky = sortKey(attribute == null ? y : attributeOf(y, attribute), caseSensitive);
            return PyValues.compare(kx, ky, "<");
        });
        if (reverse) Collections.reverse(items);
        return items;
    }

    private static Object sortKey(Object v, boolean caseSensitive) {
        return !caseSensitive && v instanceof String s ? PyStrings.lower(s) : v;
    }

    private static List<Object> unique(Object value) {
        List<Object> out = new ArrayList<>();
        for (Object item : PyValues.iterate(value)) {
            Object key = sortKey(item, false);
            if (out.stream().noneMatch(seen -> PyValues.equal(sortKey(seen, false), key))) out.add(item);
        }
        return out;
    }

    private static List<Object> dictsort(Object value, CallArguments a) {
        boolean caseSensitive = PyValues.truthy(a.optional(0, "case_sensitive", false));
        String by = PyValues.str(a.optional(1, "by", "key"));
        boolean reverse = PyValues.truthy(a.optional(2, "reverse", false));
        List<Object> pairs = items(value);
        int position = by.equals("value") ? 1 : 0;
        pairs.sort((x, y) -> PyValues.compare(sortKey(((List<?>) x).get(position), caseSensitive),
                sortKey(((List<?>) y).get(position), caseSensitive), "<"));
        if (reverse) Collections.reverse(pairs);
        return pairs;
    }

    private static Object sum(Object value, CallArguments a) {
        Object attribute = a.optional(0, "attribute", null);
        Object total = a.optional(1, "start", 0L);
        for (Object item : PyValues.iterate(value)) {
            total = PyArithmetic.binary("+", total, attribute == null ? item : attributeOf(item, attribute));
        }
        return total;
    }

    private static Object extreme(Object value, CallArguments a, boolean max) {
        boolean caseSensitive = PyValues.truthy(a.optional(0, "case_sensitive", false));
        Object attribute = a.optional(1, "attribute", null);
        Object best = null;
        Object bestKey = null;
        for (Object item : PyValues.iterate(value)) {
            Object key = sortKey(attribute == null ? item : attributeOf(item, attribute), caseSensitive);
            if (bestKey == null || (max ? PyValues.compare(key, bestKey, ">") > 0 : PyValues.compare(key, bestKey, "<") < 0)) {
                best = item;
                bestKey = key;
            }
        }
        return bestKey == null ? new Undefined("No aggregated item, sequence was empty.") : best;
    }

    /** Jinja2's round: Python's round-half-even on the exact binary value, or ceil / floor. */
    private static Object round(Object value, long precision, String method) {
        if (PyValues.isInteger(value) && method.equals("common")) {
            return BigDecimal.valueOf(PyValues.toLong(value)).setScale((int) precision, RoundingMode.HALF_EVEN).longValue();
        }
        double x = PyValues.toDouble(value);
        if (Double.isNaN(x) || Double.isInfinite(x)) return x;
        RoundingMode mode = switch (method) {
            case "common" -> RoundingMode.HALF_EVEN;
            case "ceil" -> RoundingMode.CEILING;
            case "floor" -> RoundingMode.FLOOR;
            default -> throw new PyException("FilterArgumentError", "method must be common, ceil or floor");
        };
        return new BigDecimal(x).setScale((int) precision, mode).doubleValue();
    }

    /** Python's {@code str.center}: extra padding goes right when the text length is even, left when odd. */
    private static String center(String s, long width) {
        long length = PyStrings.length(s);
        if (width <= length) return s;
        long total = width - length;
        long left = total / 2 + (total & width & 1);
        return " ".repeat((int) left) + s + " ".repeat((int) (total - left));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&#34;").replace("'", "&#39;");
    }

    private static String indent(String s, CallArguments a) {
        Object width = a.optional(0, "width", 4L);
        boolean first = PyValues.truthy(a.optional(1, "first", false));
        boolean blank = PyValues.truthy(a.optional(2, "blank", false));
        String indention = width instanceof String w ? w : " ".repeat((int) PyValues.toLong(width));
        List<Object> lines = PyMethods.bind(s + "\n", "splitlines").call(List.of(), Map.of()) instanceof List<?> l
                ? new ArrayList<>(l) : List.of();
        StringBuilder out = new StringBuilder();
        if (blank) {
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) out.append('\n').append(indention);
                out.append(lines.get(i));
            }
        } else {
            out.append(lines.isEmpty() ? "" : lines.getFirst());
            for (int i = 1; i < lines.size(); i++) {
                String line = (String) lines.get(i);
                out.append('\n').append(line.isEmpty() ? "" : indention + line);
            }
        }
        return first ? indention + out : out.toString();
    }
}
