package dev.latte.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The methods of str, dict and list that templates may call, bound to their receiver. */
final class PyMethods {
    private PyMethods() {
    }

    static PyCallable bind(Object receiver, String name) {
        return (args, kwargs) -> call(receiver, name, new CallArguments(name, args, kwargs));
    }

    private static Object call(Object receiver, String name, CallArguments a) {
        return switch (receiver) {
            case String s -> stringMethod(s, name, a);
            case Map<?, ?> map -> dictMethod(map, name, a);
            case List<?> list -> listMethod(list, name, a);
            default -> throw new IllegalStateException(name);
        };
    }

    private static Object stringMethod(String s, String name, CallArguments a) {
        Object result = switch (name) {
            case "startswith", "endswith" -> affix(s, name, a.required(0, "prefix"));
            case "strip" -> PyStrings.strip(s, a.optionalString(0, "chars"));
            case "lstrip" -> PyStrings.lstrip(s, a.optionalString(0, "chars"));
            case "rstrip" -> PyStrings.rstrip(s, a.optionalString(0, "chars"));
            case "split" -> PyStrings.split(s, a.optionalString(0, "sep"), a.integer(1, "maxsplit", -1));
            case "rsplit" -> PyStrings.rsplit(s, a.optionalString(0, "sep"), a.integer(1, "maxsplit", -1));
            case "replace" -> PyStrings.replace(s, a.string(0, "old"), a.string(1, "new"), a.integer(2, "count", -1));
            case "upper" -> PyStrings.upper(s);
            case "lower" -> PyStrings.lower(s);
            case "title" -> PyStrings.title(s);
            case "capitalize" -> PyStrings.capitalize(s);
            case "find" -> codePointIndex(s, s.indexOf(a.string(0, "sub")));
            case "rfind" -> codePointIndex(s, s.lastIndexOf(a.string(0, "sub")));
            case "count" -> count(s, a.string(0, "sub"));
            case "join" -> {
                StringBuilder out = new StringBuilder();
                List<Object> items = PyValues.iterate(a.required(0, "iterable"));
                for (int i = 0; i < items.size(); i++) {
                    if (!(items.get(i) instanceof String item)) {
                        throw new PyException("TypeError", "sequence item " + i + ": expected str instance, "
                                + PyValues.typeName(items.get(i)) + " found");
                    }
                    if (i > 0) out.append(s);
                    out.append(item);
                }
                yield out.toString();
            }
            case "isdigit" -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isspace" -> !s.isEmpty() && s.codePoints().allMatch(PyStrings::isSpace);
            case "isalpha" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "islower" -> s.codePoints().anyMatch(Character::isLowerCase) && s.equals(PyStrings.lower(s));
            case "isupper" -> s.codePoints().anyMatch(Character::isUpperCase) && s.equals(PyStrings.upper(s));
            case "splitlines" -> splitLines(s);
            default -> throw new IllegalStateException(name);
        };
        a.requireNoMoreThanRead();
        return result;
    }

    private static boolean affix(String s, String name, Object affix) {
        List<Object> options = affix instanceof PyTuple t ? t : Collections.singletonList(affix);
        for (Object option : options) {
            if (!(option instanceof String text)) {
                throw new PyException("TypeError", name + " first arg must be str or a tuple of str, not "
                        + PyValues.typeName(option));
            }
            if (name.equals("startswith") ? s.startsWith(text) : s.endsWith(text)) return true;
        }
        return false;
    }

    private static long codePointIndex(String s, int charIndex) {
        return charIndex < 0 ? -1 : s.codePointCount(0, charIndex);
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) return PyStrings.length(s) + 1;
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) n++;
        return n;
    }

    private static List<Object> splitLines(String s) {
        List<Object> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e
                    || c == 0x85 || c == 0x2028 || c == 0x2029) {
                lines.add(s.substring(start, i));
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
                start = i + 1;
            }
        }
        if (start < s.length()) lines.add(s.substring(start));
        return lines;
    }

    private static Object dictMethod(Map<?, ?> map, String name, CallArguments a) {
        Object result = switch (name) {
            case "items" -> {
                List<Object> items = new ArrayList<>();
                map.forEach((k, v) -> items.add(new PyTuple(Arrays.asList(k, v))));
                yield items;
            }
            case "keys" -> new ArrayList<Object>(map.keySet());
            case "values" -> new ArrayList<Object>(map.values());
            case "get" -> {
                Object key = a.required(0, "key");
                Object fallback = a.optional(1, "default", null);
                yield map.containsKey(key) ? map.get(key) : fallback;
            }
            default -> throw new IllegalStateException(name);
        };
        a.requireNoMoreThanRead();
        return result;
    }

    private static Object listMethod(List<?> list, String name, CallArguments a) {
        Object wanted = a.required(0, "value");
        a.requireNoMoreThanRead();
        long count = 0;
        for (int i = 0; i < list.size(); i++) {
            if (PyValues.equal(list.get(i), wanted)) {
                if (name.equals("index")) return (long) i;
                count++;
            }
        }
        if (name.equals("index")) {
            throw new PyException("ValueError", PyValues.repr(wanted) + " is not in list");
        }
        return count;
    }
}
