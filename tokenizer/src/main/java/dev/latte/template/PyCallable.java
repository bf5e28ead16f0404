package dev.latte.template;

import java.util.List;
import java.util.Map;

/** Something a template can call: a global function, a macro, or a bound method of a value. */
@FunctionalInterface
interface PyCallable {
    Object call(List<Object> positional, Map<String, Object> keywords);
}
