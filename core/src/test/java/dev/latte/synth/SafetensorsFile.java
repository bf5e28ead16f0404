package dev.latte.synth;

import dev.latte.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal safetensors reader for tests, written from the format description (spec §8.1), not from the writer. */
final class SafetensorsFile {
    final Map<String, Object> header;
    private final ByteBuffer data;

    private SafetensorsFile(Map<String, Object> header, ByteBuffer data) {
        this.header = header;
        this.data = data;
    }

    static SafetensorsFile read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(bytes.getLong(0));
        String json = new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8);
        ByteBuffer data = bytes.slice(8 + headerLength, bytes.capacity() - 8 - headerLength).order(ByteOrder.LITTLE_ENDIAN);
        return new SafetensorsFile(new LinkedHashMap<>(Json.parseObject(json)), data);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> entry(String name) {
        Object entry = header.get(name);
        if (entry == null) {
            throw new AssertionError("no tensor " + name);
        }
        return (Map<String, Object>) entry;
    }

    String dtype(String name) {
        return (String) entry(name).get("dtype");
    }

    List<Long> shape(String name) {
        return ((List<?>) entry(name).get("shape")).stream().map(v -> (Long) v).toList();
    }

    ByteBuffer bytes(String name) {
        List<?> offsets = (List<?>) entry(name).get("data_offsets");
        int begin = Math.toIntExact((Long) offsets.get(0));
        int end = Math.toIntExact((Long) offsets.get(1));
        return data.slice(begin, end - begin).order(ByteOrder.LITTLE_ENDIAN);
    }
}
