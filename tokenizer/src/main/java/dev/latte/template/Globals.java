package dev.latte.template;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The functions every template can call: Jinja2's {@code range}, {@code dict} and
 * {@code namespace}, and the two Hugging Face adds, {@code raise_exception} and
 * {@code strftime_now}.
 */
final class Globals {
    /** The sandbox's limit on {@code range()}, so a template cannot allocate without bound. */
    private static final long MAX_RANGE = 100_000;

    private Globals() {
    }

    static Map<String, Object> all(Supplier<LocalDateTime> clock) {
        Map<String, Object> globals = new LinkedHashMap<>();
        globals.put("range", (PyCallable) Globals::range);
        globals.put("dict", (PyCallable) (args, kwargs) -> {
            Map<Object, Object> dict = new LinkedHashMap<>();
            if (!args.isEmpty() && args.getFirst() instanceof Map<?, ?> m) dict.putAll(m);
            dict.putAll(kwargs);
            return dict;
        });
        globals.put("namespace", (PyCallable) (args, kwargs) -> {
            Namespace ns = new Namespace();
            for (Object arg : args) {
                if (arg instanceof Map<?, ?> m) m.forEach((k, v) -> ns.attributes.put(PyValues.str(k), v));
            }
            ns.attributes.putAll(kwargs);
            return ns;
        });
        globals.put("raise_exception", (PyCallable) (args, kwargs) -> {
            throw new PyException("TemplateError", args.isEmpty() ? "" : PyValues.str(args.getFirst()));
        });
        globals.put("strftime_now", (PyCallable) (args, kwargs) -> {
            CallArguments a = new CallArguments("strftime_now", args, kwargs);
            String format = a.string(0, "format");
            a.requireNoMoreThanRead();
            return strftime(clock.get(), format);
        });
        return globals;
    }

    private static Object range(List<Object> args, Map<String, Object> kwargs) {
        if (args.isEmpty() || args.size() > 3 || !kwargs.isEmpty()) {
            throw new PyException("TypeError", "range expected 1 to 3 integer arguments");
        }
        long start = args.size() == 1 ? 0 : PyValues.toLong(args.get(0));
        long stop = PyValues.toLong(args.get(args.size() == 1 ? 0 : 1));
        long step = args.size() == 3 ? PyValues.toLong(args.get(2)) : 1;
        if (step == 0) throw new PyException("ValueError", "range() arg 3 must not be zero");
        List<Object> values = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (values.size() >= MAX_RANGE) {
                throw new PyException("OverflowError", "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
            }
            values.add(i);
        }
        return values;
    }

    /** Python's {@code strftime} for the common directives, in the C locale. */
    static String strftime(LocalDateTime t, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'Y' -> out.append(t.getYear());
                case 'y' -> out.append(String.format(Locale.ROOT, "%02d", t.getYear() % 100));
                case 'm' -> out.append(String.format(Locale.ROOT, "%02d", t.getMonthValue()));
                case 'd' -> out.append(String.format(Locale.ROOT, "%02d", t.getDayOfMonth()));
                case 'H' -> out.append(String.format(Locale.ROOT, "%02d", t.getHour()));
                case 'I' -> out.append(String.format(Locale.ROOT, "%02d", (t.getHour() + 11) % 12 + 1));
                case 'M' -> out.append(String.format(Locale.ROOT, "%02d", t.getMinute()));
                case 'S' -> out.append(String.format(Locale.ROOT, "%02d", t.getSecond()));
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> out.append(String.format(Locale.ROOT, "%03d", t.getDayOfYear()));
                case 'b', 'h' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
                case '%' -> out.append('%');
                default -> out.append('%').append(d);
            }
        }
        return out.toString();
    }
}
