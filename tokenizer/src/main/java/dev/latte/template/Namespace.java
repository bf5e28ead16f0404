package dev.latte.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object made by {@code namespace(...)}: the one value whose attributes a template may assign
 * ({@code {% set ns.found = true %}}), which is how state escapes a loop body's scope.
 */
final class Namespace {
    final Map<String, Object> attributes = new LinkedHashMap<>();
}
