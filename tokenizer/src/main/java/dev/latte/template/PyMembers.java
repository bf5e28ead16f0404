package dev.latte.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute, item and slice access the way Jinja2's sandbox does them: {@code a.b} tries the
 * attribute then the item, {@code a[b]} the item then the attribute, and a miss gives an
 * {@link Undefined} rather than an error. Methods that would change a value are refused, as
 * {@code ImmutableSandboxedEnvironment} refuses them.
 */
final class PyMembers {
    private static final Set<String> STRING_METHODS = Set.of("startswith", "endswith", "strip", "lstrip", "rstrip",
            "split", "rsplit", "replace", "upper", "lower", "title", "capitalize", "find", "rfind", "count", "join",
            "isdigit", "isspace", "isalpha", "isalnum", "islower", "isupper", "splitlines");
    private static final Set<String> DICT_METHODS = Set.of("items", "keys", "values", "get");
    private static final Set<String> LIST_METHODS = Set.of("index", "count");
    private static final Set<String> MUTATING = Set.of("append", "extend", "insert", "pop", "remove", "reverse",
            "sort", "clear", "popitem", "setdefault", "update");

    private PyMembers() {
    }

    static Object attribute(Object owner, String name) {
        switch (owner) {
            case Undefined u -> throw u.error();
            case String s when STRING_METHODS.contains(name) -> {
                return PyMethods.bind(s, name);
            }
            case Map<?, ?> map -> {
                if (DICT_METHODS.contains(name)) return PyMethods.bind(map, name);
                if (MUTATING.contains(name)) return unsafe(owner, name);
                return map.containsKey(name) ? map.get(name) : Undefined.member(owner, name);
            }
            case List<?> list when LIST_METHODS.contains(name) -> {
                return PyMethods.bind(list, name);
            }
            case List<?> list when MUTATING.contains(name) && !(owner instanceof PyTuple) -> {
                return unsafe(owner, name);
            }
            case Namespace ns -> {
                return ns.attributes.containsKey(name) ? ns.attributes.get(name) : Undefined.member(owner, name);
            }
            case LoopContext loop -> {
                return loop.attribute(name);
            }
            case null, default -> {
                return Undefined.member(owner, name);
            }
        }
    }

    /** Jinja2's {@code attr} filter: the attribute only, never an item of a dict. */
    static Object attributeOnly(Object owner, String name) {
        if (owner instanceof Map<?, ?> && !DICT_METHODS.contains(name) && !MUTATING.contains(name)) {
            return Undefined.member(owner, name);
        }
        return attribute(owner, name);
    }

    static Object item(Object owner, Object key) {
        switch (owner) {
            case Undefined u -> throw u.error();
            case Map<?, ?> map -> {
                if (map.containsKey(key)) return map.get(key);
                Object numericKey = PyValues.isInteger(key) ? (Object) PyValues.toLong(key) : key;
                if (map.containsKey(numericKey)) return map.get(numericKey);
                // a missing key falls through to the attribute lookup below (dict methods)
            }
            case List<?> list when PyValues.isInteger(key) -> {
                long index = PyValues.toLong(key);
                if (index < 0) index += list.size();
                if (index >= 0 && index < list.size()) return list.get((int) index);
                return Undefined.member(owner, key);
            }
            case String s when PyValues.isInteger(key) -> {
                long index = PyValues.toLong(key);
                long length = PyStrings.length(s);
                if (index < 0) index += length;
                if (index >= 0 && index < length) {
                    int at = s.offsetByCodePoints(0, (int) index);
                    return Character.toString(s.codePointAt(at));
                }
                return Undefined.member(owner, key);
            }
            case null, default -> { }
        }
        return key instanceof String name ? attribute(owner, name) : Undefined.member(owner, key);
    }

    /** {@code owner[start:stop:step]} with Python's clamping and negative steps; null bounds are absent. */
    static Object slice(Object owner, Object start, Object stop, Object step) {
        if (owner instanceof Undefined u) throw u.error();
        List<Object> items;
        if (owner instanceof String s) {
            items = PyStrings.characters(s);
        } else if (owner instanceof List<?> list) {
            items = new ArrayList<>(list);
        } else {
            return Undefined.member(owner, "slice");
        }
        long n = items.size();
        long stride = step == null ? 1 : index(step);
        if (stride == 0) throw new PyException("ValueError", "slice step cannot be zero");
        long from;
        long to;
        if (stride > 0) {
            from = start == null ? 0 : clamp(index(start), n, 0, n);
            to = stop == null ? n : clamp(index(stop), n, 0, n);
        } else {
            from = start == null ? n - 1 : clamp(index(start), n, -1, n - 1);
            to = stop == null ? -1 : clamp(index(stop), n, -1, n - 1);
        }
        List<Object> out = new ArrayList<>();
        for (long i = from; stride > 0 ? i < to : i > to; i += stride) {
            out.add(items.get((int) i));
        }
        if (owner instanceof String) {
            StringBuilder text = new StringBuilder();
            out.forEach(c -> text.append((String) c));
            return text.toString();
        }
        return owner instanceof PyTuple ? new PyTuple(out) : out;
    }

    private static long index(Object bound) {
        if (!PyValues.isInteger(bound)) {
            throw new PyException("TypeError", "slice indices must be integers or None or have an __index__ method");
        }
        return PyValues.toLong(bound);
    }

    private static long clamp(long index, long n, long low, long high) {
        if (index < 0) index += n;
        return Math.max(low, Math.min(high, index));
    }

    private static Undefined unsafe(Object owner, String name) {
        return new Undefined("access to attribute '" + name + "' of '" + PyValues.typeName(owner) + "' object is unsafe.");
    }
}
