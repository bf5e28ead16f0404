package dev.latte.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's printf-style string formatting, {@code 'format' % values} and Jinja2's {@code format}
 * filter: conversions {@code s r d i f F e E x X o c %}, flags {@code - 0 + space}, width,
 * precision, and {@code %(name)s} keys into a dict.
 */
final class PyFormat {
    private PyFormat() {
    }

    static String format(String template, Object values) {
        List<Object> positional = values instanceof PyTuple t ? t : List.of(values == null ? NONE : values);
        Map<?, ?> mapping = values instanceof Map<?, ?> m ? m : null;
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int p = i + 1;
            Object value = null;
            boolean keyed = false;
            if (p < template.length() && template.charAt(p) == '(') {
                int close = template.indexOf(')', p);
                if (close < 0 || mapping == null) throw new PyException("TypeError", "format requires a mapping");
                String key = template.substring(p + 1, close);
                if (!mapping.containsKey(key)) throw new PyException("KeyError", PyValues.repr(key));
                value = mapping.get(key);
                keyed = true;
                p = close + 1;
            }
            int flagsStart = p;
            while (p < template.length() && "-0+ #".indexOf(template.charAt(p)) >= 0) p++;
            String flags = template.substring(flagsStart, p);
            int widthStart = p;
            while (p < template.length() && Character.isDigit(template.charAt(p))) p++;
            int width = p > widthStart ? Integer.parseInt(template.substring(widthStart, p)) : 0;
            int precision = -1;
            if (p < template.length() && template.charAt(p) == '.') {
                int precisionStart = ++p;
                while (p < template.length() && Character.isDigit(template.charAt(p))) p++;
                precision = p > precisionStart ? Integer.parseInt(template.substring(precisionStart, p)) : 0;
            }
            if (p >= template.length()) throw new PyException("ValueError", "incomplete format");
            char conversion = template.charAt(p);
            i = p;
            if (conversion == '%') {
                out.append('%');
                continue;
            }
            if (!keyed) {
                if (next >= positional.size()) throw new PyException("TypeError", "not enough arguments for format string");
                value = positional.get(next++);
                if (value == NONE) value = null;
            }
            out.append(pad(convert(conversion, value, flags, precision), width, flags));
        }
        if (mapping == null && next < positional.size()) {
            throw new PyException("TypeError", "not all arguments converted during string formatting");
        }
        return out.toString();
    }

    private static final Object NONE = new Object();

    private static String convert(char conversion, Object value, String flags, int precision) {
        return switch (conversion) {
            case 's', 'r' -> {
                String text = conversion == 's' ? PyValues.str(value) : PyValues.repr(value);
                yield precision >= 0 && precision < text.length() ? text.substring(0, precision) : text;
            }
            case 'd', 'i' -> sign(Long.toString(integer(value)), flags);
            case 'x', 'X', 'o' -> {
                long n = integer(value);
                String digits = Long.toString(Math.abs(n), conversion == 'o' ? 8 : 16);
                yield (n < 0 ? "-" : "") + (conversion == 'X' ? digits.toUpperCase() : digits);
            }
            case 'f', 'F' -> sign(new BigDecimal(number(value)).setScale(precision < 0 ? 6 : precision,
                    RoundingMode.HALF_EVEN).toPlainString(), flags);
            case 'e', 'E' -> {
                String text = String.format(Locale.ROOT, "%" + (precision < 0 ? "" : "." + precision) + conversion, number(value));
                yield sign(text, flags);
            }
            case 'c' -> value instanceof String s ? s : Character.toString((int) integer(value));
            default -> throw new PyException("ValueError", "unsupported format character '" + conversion + "'");
        };
    }

    private static long integer(Object value) {
        if (value instanceof Double d) return (long) (double) d;
        if (!PyValues.isInteger(value)) {
            throw new PyException("TypeError", "%d format: a real number is required, not " + PyValues.typeName(value));
        }
        return PyValues.toLong(value);
    }

    private static double number(Object value) {
        if (!PyValues.isNumber(value)) {
            throw new PyException("TypeError", "must be real number, not " + PyValues.typeName(value));
        }
        return PyValues.toDouble(value);
    }

    private static String sign(String text, String flags) {
        if (text.startsWith("-")) return text;
        if (flags.indexOf('+') >= 0) return "+" + text;
        return flags.indexOf(' ') >= 0 ? " " + text : text;
    }

    private static String pad(String text, int width, String flags) {
        int length = text.codePointCount(0, text.length());
        if (length >= width) return text;
        String fill = " ".repeat(width - length);
        if (flags.indexOf('-') >= 0) return text + fill;
        if (flags.indexOf('0') >= 0 && !text.isEmpty() && (Character.isDigit(text.charAt(text.length() - 1)))) {
            boolean signed = text.startsWith("-") || text.startsWith("+") || text.startsWith(" ");
            String zeros = "0".repeat(width - length);
            return signed ? text.charAt(0) + zeros + text.substring(1) : zeros + text;
        }
        return fill + text;
    }
}
