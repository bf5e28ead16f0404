package dev.latte.template;

import java.util.List;

/**
 * The {@code loop} variable inside a {@code for}: position, neighbours and helpers. One object
 * serves the whole loop and advances with it, as in Jinja2, so {@code loop.changed()} remembers the
 * previous iteration and a {@code loop} saved by an inner loop keeps following its own.
 */
final class LoopContext {
    private static final Object NOTHING = new Object();

    private final List<Object> items;
    private int index0;
    private Object lastChanged = NOTHING;

    LoopContext(List<Object> items) {
        this.items = items;
    }

    void moveTo(int index0) {
        this.index0 = index0;
    }

    int index() {
        return index0 + 1;
    }

    int length() {
        return items.size();
    }

    /** The attribute {@code loop.name}, or an undefined value for an unknown name. */
    Object attribute(String name) {
        int length = items.size();
        return switch (name) {
            case "index0" -> (long) index0;
            case "index" -> (long) index0 + 1;
            case "revindex0" -> (long) (length - index0 - 1);
            case "revindex" -> (long) (length - index0);
            case "first" -> index0 == 0;
            case "last" -> index0 == length - 1;
            case "length" -> (long) length;
            case "depth" -> 1L;
            case "depth0" -> 0L;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : new Undefined("there is no previous item");
            case "nextitem" -> index0 + 1 < length ? items.get(index0 + 1) : new Undefined("there is no next item");
            case "cycle" -> (PyCallable) (args, kwargs) -> {
                if (args.isEmpty()) throw new PyException("TypeError", "no items for cycling given");
                return args.get(index0 % args.size());
            };
            case "changed" -> (PyCallable) (args, kwargs) -> {
                Object value = List.copyOf(args);
                boolean changed = lastChanged == NOTHING || !PyValues.equal(lastChanged, value);
                lastChanged = value;
                return changed;
            };
            default -> Undefined.member(this, name);
        };
    }
}
