package dev.latte.model;

import dev.latte.json.Json;
import dev.latte.json.JsonException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code .safetensors} file mapped into memory (spec §8.1): {@code u64} header length, a JSON
 * header, then the data. The whole file is mapped once into the caller's {@link Arena}; tensors are
 * slices of that mapping, so nothing is copied and closing the arena unmaps them.
 *
 * <p>Every header entry is checked before any tensor is handed out: the header is well-formed JSON
 * of bounded size, dtypes are known, {@code shape product × dtype size} equals the byte length,
 * offsets lie inside the file and no two tensors overlap.
 */
public final class SafetensorsFile {
    /** The limit the Hugging Face implementation puts on headers. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private final Path path;
    private final Map<String, StoredTensor> tensors;

    private SafetensorsFile(Path path, Map<String, StoredTensor> tensors) {
        this.path = path;
        this.tensors = tensors;
    }

    /** Maps {@code path} into {@code arena} and validates its header. */
    public static SafetensorsFile open(Path path, Arena arena) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException(path + ": " + size + " bytes, too short for a safetensors file (at least 8)");
            }
            long headerLength = readHeaderLength(channel);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new CheckpointException(path + ": header length " + headerLength + " is outside 2.." + MAX_HEADER_BYTES);
            }
            if (headerLength > size - 8) {
                throw new CheckpointException(path + ": header length " + headerLength + " runs past the end of the file ("
                        + size + " bytes)");
            }
            String header = readHeader(path, channel, (int) headerLength);
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            MemorySegment data = mapped.asSlice(8 + headerLength);
            return new SafetensorsFile(path, parseHeader(path, header, data));
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The file this was mapped from. */
    public Path path() {
        return path;
    }

    /** The tensors in header order, by name. */
    public Map<String, StoredTensor> tensors() {
        return tensors;
    }

    private static long readHeaderLength(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                throw new IOException("the file ends inside its header length");
            }
        }
        return buffer.flip().getLong();
    }

    private static String readHeader(Path path, FileChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, 8 + buffer.position()) < 0) {
                throw new CheckpointException(path + ": the file ends inside its header");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(buffer.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(path + ": the header is not valid UTF-8", e);
        }
    }

    private static Map<String, StoredTensor> parseHeader(Path path, String header, MemorySegment data) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(header);
        } catch (JsonException e) {
            throw new CheckpointException(path + ": the header is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        List<String> rangeNames = new ArrayList<>();
        for (Map.Entry<String, Object> entry : json.entrySet()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            String where = path + ": tensor " + name;
            if (!(entry.getValue() instanceof Map<?, ?> fields)) {
                throw new CheckpointException(where + ": expected an object, found " + Json.typeName(entry.getValue()));
            }
            DType dtype = fields.get("dtype") instanceof String s ? DType.fromSafetensors(s) : null;
            if (dtype == null) {
                throw new CheckpointException(where + ": unknown or missing dtype " + fields.get("dtype"));
            }
            long[] shape = longs(where, "shape", fields.get("shape"), -1);
            long[] offsets = longs(where, "data_offsets", fields.get("data_offsets"), 2);
            long begin = offsets[0];
            long end = offsets[1];
            if (begin > end || end > data.byteSize()) {
                throw new CheckpointException(where + ": data_offsets [" + begin + ", " + end
                        + "] are not inside the data section of " + data.byteSize() + " bytes");
            }
            long bytes = dtype.byteSize();
            for (long dim : shape) {
                bytes = multiply(where, bytes, dim);
            }
            if (bytes != end - begin) {
                throw new CheckpointException(where + ": shape " + Arrays.toString(shape) + " of " + dtype
                        + " needs " + bytes + " bytes but data_offsets span " + (end - begin));
            }
            tensors.put(name, new StoredTensor(name, dtype, shape, data.asSlice(begin, end - begin)));
            ranges.add(offsets);
            rangeNames.add(name);
        }
        checkNoOverlap(path, ranges, rangeNames);
        return tensors;
    }

    private static void checkNoOverlap(Path path, List<long[]> ranges, List<String> names) {
        Integer[] order = new Integer[ranges.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> ranges.get(i)[0]).thenComparingLong(i -> ranges.get(i)[1]));
        int furthest = -1;
        for (int index : order) {
            long[] current = ranges.get(index);
            if (current[0] == current[1]) {
                continue;
            }
            if (furthest >= 0 && current[0] < ranges.get(furthest)[1]) {
                throw new CheckpointException(path + ": tensors " + names.get(furthest) + " " + Arrays.toString(ranges.get(furthest))
                        + " and " + names.get(index) + " " + Arrays.toString(current) + " overlap");
            }
            if (furthest < 0 || current[1] > ranges.get(furthest)[1]) {
                furthest = index;
            }
        }
    }

    private static long[] longs(String where, String field, Object value, int expectedLength) {
        if (!(value instanceof List<?> list) || (expectedLength >= 0 && list.size() != expectedLength)) {
            throw new CheckpointException(where + ": \"" + field + "\" must be an array"
                    + (expectedLength >= 0 ? " of " + expectedLength + " integers" : " of integers"));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                throw new CheckpointException(where + ": \"" + field + "\" must hold non-negative integers, found " + list.get(i));
            }
            out[i] = l;
        }
        return out;
    }

    private static long multiply(String where, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new CheckpointException(where + ": shape is too large");
        }
    }
}
