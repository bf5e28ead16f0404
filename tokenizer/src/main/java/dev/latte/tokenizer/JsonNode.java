package dev.latte.tokenizer;

import dev.latte.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One value of a parsed tokenizer file together with where it sits ({@code file} and JSON path),
 * so that every complaint about it can say exactly where to look.
 */
record JsonNode(Object value, String file, String path) {

    static JsonNode root(Object value, String file) {
        return new JsonNode(value, file, "");
    }

    boolean isNull() {
        return value == null;
    }

    boolean has(String name) {
        return asMap().get(name) != null;
    }

    /** The member {@code name}; a null node when absent. */
    JsonNode get(String name) {
        return new JsonNode(asMap().get(name), file, path.isEmpty() ? name : path + "." + name);
    }

    /** The member {@code name}, which must be present and not null. */
    JsonNode required(String name) {
        JsonNode node = get(name);
        if (node.isNull()) {
            throw malformed("missing field '" + name + "'", this);
        }
        return node;
    }

    String string() {
        if (value instanceof String s) {
            return s;
        }
        throw malformed("expected a string, found " + Json.typeName(value), this);
    }

    boolean bool(String name, boolean fallback) {
        JsonNode node = get(name);
        if (node.isNull()) {
            return fallback;
        }
        if (node.value instanceof Boolean b) {
            return b;
        }
        throw malformed("expected true or false, found " + Json.typeName(node.value), node);
    }

    int integer() {
        if (value instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
            return (int) (long) l;
        }
        throw malformed("expected a non-negative int, found " + value, this);
    }

    /** The type tag of a component object: its {@code type} member. */
    String type() {
        return required("type").string();
    }

    List<JsonNode> elements() {
        if (!(value instanceof List<?> list)) {
            throw malformed("expected an array, found " + Json.typeName(value), this);
        }
        List<JsonNode> nodes = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            nodes.add(new JsonNode(list.get(i), file, path + "[" + i + "]"));
        }
        return nodes;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> asMap() {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw malformed("expected an object, found " + Json.typeName(value), this);
    }

    /** A component Latte does not implement, e.g. {@code unsupported("normalizer type 'NFKC'")}. */
    TokenizerFormatException unsupported(String what) {
        return new TokenizerFormatException("unsupported " + what + " in " + where());
    }

    TokenizerFormatException malformed(String problem) {
        return malformed(problem, this);
    }

    String where() {
        return file + (path.isEmpty() ? "" : " at " + path);
    }

    private static TokenizerFormatException malformed(String problem, JsonNode node) {
        return new TokenizerFormatException(problem + " in " + node.where());
    }
}
