package dev.latte.synth;

import dev.latte.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Writes one safetensors file whose tensors are streamed in pieces, so that a checkpoint of many
 * gigabytes never has to be held in memory.
 *
 * <p>The layout is fixed up front: {@link #create} writes the 8-byte little-endian header length
 * and the JSON header (tensors in the given order, their data back to back, then
 * {@code __metadata__}), padded with spaces to a multiple of 8 bytes so that the data starts
 * aligned. Tensor bytes are then written with {@link #write}, in any order and from any number of
 * threads. {@link #close} fails, naming the tensor, where a tensor was left incomplete.
 */
public final class SafetensorsWriter implements AutoCloseable {
    /** The header is padded so that the data buffer starts at a multiple of this. */
    static final int HEADER_ALIGNMENT = 8;

    private final Path file;
    private final FileChannel channel;
    private final List<TensorLayout> tensors;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final long[] fileOffsets;
    private final AtomicLongArray bytesWritten;

    private SafetensorsWriter(Path file, FileChannel channel, List<TensorLayout> tensors, long dataStart) {
        this.file = file;
        this.channel = channel;
        this.tensors = tensors;
        this.fileOffsets = new long[tensors.size()];
        this.bytesWritten = new AtomicLongArray(tensors.size());
        long offset = dataStart;
        for (int i = 0; i < tensors.size(); i++) {
            indexByName.put(tensors.get(i).name(), i);
            fileOffsets[i] = offset;
            offset += tensors.get(i).byteSize();
        }
    }

    /**
     * Creates (or replaces) {@code file} and writes its header.
     *
     * @param tensors the tensors in file order; names must be unique
     * @param metadata the {@code __metadata__} strings, e.g. {@code format=pt}; omitted when empty
     */
    public static SafetensorsWriter create(Path file, List<TensorLayout> tensors, Map<String, String> metadata)
            throws IOException {
        List<TensorLayout> layout = List.copyOf(tensors);
        byte[] header = header(layout, metadata);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).put(header).flip();
            writeFully(channel, prefix, 0);
            return new SafetensorsWriter(file, channel, layout, 8L + header.length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The JSON header, padded with spaces to a multiple of {@link #HEADER_ALIGNMENT} bytes. */
    static byte[] header(List<TensorLayout> tensors, Map<String, String> metadata) {
        Map<String, Object> entries = new LinkedHashMap<>();
        long offset = 0;
        for (TensorLayout tensor : tensors) {
            long end = offset + tensor.byteSize();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", tensor.type().name());
            entry.put("shape", tensor.shape());
            entry.put("data_offsets", List.of(offset, end));
            if (entries.put(tensor.name(), entry) != null) {
                throw new IllegalArgumentException("tensor " + tensor.name() + " is listed twice");
            }
            offset = end;
        }
        if (!metadata.isEmpty()) {
            entries.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        byte[] json = Json.write(entries).getBytes(StandardCharsets.UTF_8);
        int padding = (HEADER_ALIGNMENT - json.length % HEADER_ALIGNMENT) % HEADER_ALIGNMENT;
        byte[] padded = Arrays.copyOf(json, json.length + padding);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    /** The tensors of this file, in file order. */
    public List<TensorLayout> tensors() {
        return tensors;
    }

    /**
     * Writes {@code bytes} (from its position to its limit) into tensor {@code name}, starting
     * {@code offset} bytes into that tensor's data. Safe to call from several threads at once.
     */
    public void write(String name, long offset, ByteBuffer bytes) throws IOException {
        Integer index = indexByName.get(name);
        if (index == null) {
            throw new IllegalArgumentException("tensor " + name + " is not in the header of " + file);
        }
        long size = tensors.get(index).byteSize();
        int length = bytes.remaining();
        if (offset < 0 || offset + length > size) {
            throw new IllegalArgumentException("bytes [" + offset + ", " + (offset + length) + ") lie outside tensor "
                    + name + " of " + size + " bytes");
        }
        writeFully(channel, bytes, fileOffsets[index] + offset);
        bytesWritten.addAndGet(index, length);
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    /** Closes the file; fails where a tensor received fewer (or more) bytes than its size. */
    @Override
    public void close() throws IOException {
        try (channel) {
            for (int i = 0; i < tensors.size(); i++) {
                long expected = tensors.get(i).byteSize();
                if (bytesWritten.get(i) != expected) {
                    throw new IllegalStateException("tensor " + tensors.get(i).name() + " of " + file + " got "
                            + bytesWritten.get(i) + " of its " + expected + " bytes");
                }
            }
        }
    }
}
