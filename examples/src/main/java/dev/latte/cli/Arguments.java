package dev.latte.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed {@code --name value} and {@code --flag} arguments of one subcommand.
 *
 * <p>Options may repeat ({@code --file a --file b}); every option given must be read by the
 * command, so a misspelt option is reported rather than ignored.
 */
public final class Arguments {
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final Set<String> flags;
    private final Set<String> read = new java.util.HashSet<>();

    /**
     * @param args the words after the subcommand
     * @param flags the options that take no value
     */
    public Arguments(List<String> args, Set<String> flags) {
        this.flags = flags;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (!word.startsWith("--") || word.length() == 2) {
                throw new UsageException("unexpected argument '" + word + "'");
            }
            String name = word.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (!flags.contains(name)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    /** Whether the flag {@code --name} was given. */
    public boolean flag(String name) {
        read.add(name);
        return options.containsKey(name);
    }

    /** The value of {@code --name}, or {@code null} when absent. */
    public String optional(String name) {
        List<String> values = all(name);
        if (values.size() > 1) {
            throw new UsageException("option --" + name + " given more than once");
        }
        return values.isEmpty() ? null : values.getFirst();
    }

    /** The value of {@code --name}, which must be present. */
    public String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw new UsageException("missing option --" + name);
        }
        return value;
    }

    /** The value of {@code --name} as an int, or {@code fallback} when absent. */
    public int intValue(String name, int fallback) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a whole number, got '" + value + "'");
        }
    }

    /** The value of {@code --name} as a double, or {@code fallback} when absent. */
    public double doubleValue(String name, double fallback) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a number, got '" + value + "'");
        }
    }

    /** Every value given for {@code --name}, in order. */
    public List<String> all(String name) {
        read.add(name);
        if (flags.contains(name) && options.containsKey(name)) {
            throw new UsageException("option --" + name + " takes no value");
        }
        return options.getOrDefault(name, List.of());
    }

    /** Throws where an option was given that the command never read. */
    public void requireAllRead() {
        for (String name : options.keySet()) {
            if (!read.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }
}
