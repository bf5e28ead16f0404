package dev.latte.model;

import dev.latte.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes safetensors files for tests, well-formed or deliberately broken. */
final class SafetensorsWriter {
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    /** Appends a tensor whose header entry describes its bytes truthfully. */
    SafetensorsWriter add(String name, String dtype, long[] shape, byte[] bytes) {
        long begin = data.size();
        data.writeBytes(bytes);
        return entry(name, dtype, shape, begin, data.size());
    }

    /** Adds a header entry with any offsets, without data. */
    SafetensorsWriter entry(String name, String dtype, long[] shape, long begin, long end) {
        List<Long> dims = new ArrayList<>();
        for (long d : shape) {
            dims.add(d);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("dtype", dtype);
        fields.put("shape", dims);
        fields.put("data_offsets", List.of(begin, end));
        header.put(name, fields);
        return this;
    }

    /** Appends raw bytes to the data section. */
    SafetensorsWriter pad(int bytes) {
        data.writeBytes(new byte[bytes]);
        return this;
    }

    void write(Path path) {
        writeRaw(path, Json.write(header), data.toByteArray());
    }

    static void writeRaw(Path path, String headerText, byte[] data) {
        byte[] headerBytes = headerText.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + headerBytes.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(headerBytes.length).put(headerBytes).put(data);
        try {
            Files.write(path, buffer.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    /** Copies every tensor of {@code source} except {@code drop} into {@code target}, bytes unchanged. */
    static void copyWithout(Path source, Path target, Set<String> drop) {
        copy(source, target, drop, Map.of());
    }

    /**
     * Copies the tensors of {@code source} into {@code target}, bytes unchanged, leaving out
     * {@code drop} and declaring the tensors of {@code retype} with another dtype.
     */
    static void copy(Path source, Path target, Set<String> drop, Map<String, String> retype) {
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsWriter writer = new SafetensorsWriter();
            for (StoredTensor t : SafetensorsFile.open(source, arena).tensors().values()) {
                if (!drop.contains(t.name())) {
                    writer.add(t.name(), retype.getOrDefault(t.name(), t.dtype().name()), t.shape(),
                            t.data().toArray(ValueLayout.JAVA_BYTE));
                }
            }
            writer.write(target);
        }
    }
}
