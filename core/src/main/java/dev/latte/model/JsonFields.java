package dev.latte.model;

import dev.latte.json.Json;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the members of one JSON object of a checkpoint file, with errors that name the
 * file and the field: {@code config.json: field "hidden_size" must be an integer, found a string}.
 */
final class JsonFields {
    private final String where;
    private final Map<String, Object> object;

    JsonFields(String where, Map<String, Object> object) {
        this.where = where;
        this.object = object;
    }

    boolean has(String field) {
        return object.containsKey(field);
    }

    /** Present and not null. */
    boolean isSet(String field) {
        return object.get(field) != null;
    }

    int requireInt(String field) {
        return toInt(field, require(field));
    }

    int intOr(String field, int fallback) {
        return isSet(field) ? toInt(field, object.get(field)) : fallback;
    }

    /** {@code null} when absent or JSON null. */
    Integer nullableInt(String field) {
        return isSet(field) ? toInt(field, object.get(field)) : null;
    }

    double requireDouble(String field) {
        return toDouble(field, require(field));
    }

    double doubleOr(String field, double fallback) {
        return isSet(field) ? toDouble(field, object.get(field)) : fallback;
    }

    boolean booleanOr(String field, boolean fallback) {
        if (!isSet(field)) {
            return fallback;
        }
        if (object.get(field) instanceof Boolean b) {
            return b;
        }
        throw wrongType(field, "a boolean");
    }

    String requireString(String field) {
        return toString(field, require(field));
    }

    String stringOr(String field, String fallback) {
        return isSet(field) ? toString(field, object.get(field)) : fallback;
    }

    @SuppressWarnings("unchecked")
    JsonFields object(String field) {
        Object value = object.get(field);
        if (value instanceof Map<?, ?> map) {
            return new JsonFields(where + " \"" + field + "\"", (Map<String, Object>) map);
        }
        throw wrongType(field, "an object");
    }

    List<?> list(String field) {
        Object value = object.get(field);
        if (value instanceof List<?> list) {
            return list;
        }
        throw wrongType(field, "an array");
    }

    Map<String, Object> raw() {
        return object;
    }

    CheckpointException error(String message) {
        return new CheckpointException(where + ": " + message);
    }

    private Object require(String field) {
        if (!object.containsKey(field)) {
            throw error("field \"" + field + "\" is missing");
        }
        Object value = object.get(field);
        if (value == null) {
            throw error("field \"" + field + "\" is null");
        }
        return value;
    }

    private int toInt(String field, Object value) {
        if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
            return d.intValue();
        }
        throw wrongType(field, "an integer");
    }

    private double toDouble(String field, Object value) {
        if (value instanceof Number n && !(value instanceof java.math.BigInteger)) {
            return n.doubleValue();
        }
        throw wrongType(field, "a number");
    }

    private String toString(String field, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(field, "a string");
    }

    private CheckpointException wrongType(String field, String expected) {
        return error("field \"" + field + "\" must be " + expected + ", found " + Json.typeName(object.get(field)));
    }
}
