package dev.latte.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's {@code json.dumps}, which Hugging Face's {@code tojson} filter calls: {@code ", "} and
 * {@code ": "} separators by default (a bare {@code ","} once indenting), non-ASCII kept unless
 * {@code ensure_ascii}, floats in Python's shortest form, and a TypeError for values JSON cannot
 * hold (undefined, namespaces, macros).
 */
final class PythonJson {
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean ensureAscii;
    private final boolean sortKeys;

    /**
     * @param indent null for one line, else the text repeated per nesting level
     * @param separators null for the defaults, else {@code [item, key]}
     */
    PythonJson(String indent, List<String> separators, boolean ensureAscii, boolean sortKeys) {
        this.indent = indent;
        this.itemSeparator = separators != null ? separators.get(0) : indent == null ? ", " : ",";
        this.keySeparator = separators != null ? separators.get(1) : ": ";
        this.ensureAscii = ensureAscii;
        this.sortKeys = sortKeys;
    }

    String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private void write(Object value, StringBuilder out, int level) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d -> out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
                    : PyValues.floatRepr(d));
            case Number n -> out.append(n);
            case String s -> writeString(s, out);
            case Map<?, ?> map -> writeObject(map, out, level);
            case Collection<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    out.append(first ? "" : itemSeparator);
                    first = false;
                    newline(out, level + 1);
                    write(item, out, level + 1);
                }
                newline(out, level);
                out.append(']');
            }
            default -> throw new PyException("TypeError", "Object of type " + PyValues.typeName(value)
                    + " is not JSON serializable");
        }
    }

    private void writeObject(Map<?, ?> map, StringBuilder out, int level) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            entries.add(Map.entry(key(e.getKey()), e.getValue() == null ? NULL : e.getValue()));
        }
        if (sortKeys) {
            entries.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : entries) {
            out.append(first ? "" : itemSeparator);
            first = false;
            newline(out, level + 1);
            writeString(e.getKey(), out);
            out.append(keySeparator);
            write(e.getValue() == NULL ? null : e.getValue(), out, level + 1);
        }
        newline(out, level);
        out.append('}');
    }

    private static final Object NULL = new Object();

    private static String key(Object key) {
        return switch (key) {
            case String s -> s;
            case null -> "null";
            case Boolean b -> b ? "true" : "false";
            case Double d -> PyValues.floatRepr(d);
            case Number n -> n.toString();
            default -> throw new PyException("TypeError", "keys must be str, int, float, bool or None, not "
                    + PyValues.typeName(key));
        };
    }

    private void newline(StringBuilder out, int level) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(level));
        }
    }

    private void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || ensureAscii && c > 0x7e) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
