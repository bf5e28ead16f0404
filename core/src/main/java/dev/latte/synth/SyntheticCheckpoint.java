package dev.latte.synth;

import dev.latte.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A checkpoint of random weights with the real tensor names, shapes and encodings of a DeepSeek
 * model, in the Hugging Face layout ({@code config.json} + {@code model.safetensors}): enough to
 * load and run the model and to measure its speed without downloading it.
 *
 * <p>The bytes are a function of the shape, the dtype and the seed alone, so the same arguments
 * always write byte-identical files. Writing streams slices of a few MiB from several threads, so a
 * checkpoint of tens of gigabytes needs only a few buffers of memory.
 */
public final class SyntheticCheckpoint {
    /** The weights file inside the checkpoint directory. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** The configuration file inside the checkpoint directory. */
    public static final String CONFIG_FILE = "config.json";
    private static final int SLICE_BYTES = 4 << 20;

    private final ModelShape shape;
    private final SyntheticDtype dtype;
    private final long seed;
    private final List<SyntheticTensor> tensors;

    /** The checkpoint of {@code shape} stored in {@code dtype}, with random values drawn from {@code seed}. */
    public SyntheticCheckpoint(ModelShape shape, SyntheticDtype dtype, long seed) {
        this.shape = shape;
        this.dtype = dtype;
        this.seed = seed;
        List<SyntheticTensor> stored = new ArrayList<>();
        for (LogicalWeight weight : WeightInventory.of(shape)) {
            stored.addAll(dtype.store(weight));
        }
        this.tensors = List.copyOf(stored);
    }

    /** The tensors of the weights file, in file order. */
    public List<SyntheticTensor> tensors() {
        return tensors;
    }

    /** Total bytes of tensor data. */
    public long dataBytes() {
        return tensors.stream().mapToLong(t -> t.layout().byteSize()).sum();
    }

    /** The {@code config.json} fields: the shape's, plus {@code quantization_config} when quantised. */
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>(shape.config());
        Map<String, Object> quantization = dtype.quantizationConfig();
        if (quantization != null) {
            config.put("quantization_config", quantization);
        }
        return config;
    }

    /**
     * Writes {@code config.json} and {@code model.safetensors} into {@code directory} (created when
     * missing; existing files of those names are replaced).
     *
     * @param threads how many threads generate and write slices
     */
    public void writeTo(Path directory, int threads) throws IOException {
        writeTo(directory, threads, SLICE_BYTES);
    }

    /** As {@link #writeTo(Path, int)}, cutting tensors into slices of {@code sliceBytes} (a multiple of 8). */
    void writeTo(Path directory, int threads, int sliceBytes) throws IOException {
        if (sliceBytes <= 0 || sliceBytes % 8 != 0) {
            throw new IllegalArgumentException("slices must be a positive multiple of 8 bytes, got " + sliceBytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(CONFIG_FILE), Json.write(config()) + "\n", StandardCharsets.UTF_8);
        List<TensorLayout> layouts = tensors.stream().map(SyntheticTensor::layout).toList();
        try (SafetensorsWriter writer = SafetensorsWriter.create(directory.resolve(WEIGHTS_FILE), layouts,
                Map.of("format", "pt"))) {
            writeSlices(writer, slices(sliceBytes), threads, sliceBytes);
        }
    }

    /** A piece of one tensor's data: the unit of work of one thread. */
    private record Slice(SyntheticTensor tensor, long key, long offset, int length) {
    }

    private List<Slice> slices(int sliceBytes) {
        List<Slice> slices = new ArrayList<>();
        for (SyntheticTensor tensor : tensors) {
            long key = RandomBits.key(seed, tensor.layout().name());
            long size = tensor.layout().byteSize();
            for (long offset = 0; offset < size; offset += sliceBytes) {
                slices.add(new Slice(tensor, key, offset, (int) Math.min(sliceBytes, size - offset)));
            }
        }
        return slices;
    }

    private static void writeSlices(SafetensorsWriter writer, List<Slice> slices, int threads, int sliceBytes)
            throws IOException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("synth-writer-" + t).start(() -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(sliceBytes).order(ByteOrder.LITTLE_ENDIAN);
                MemorySegment segment = MemorySegment.ofBuffer(buffer);
                try {
                    for (int i = next.getAndIncrement(); i < slices.size() && failures.isEmpty();
                            i = next.getAndIncrement()) {
                        Slice slice = slices.get(i);
                        slice.tensor().content().fill(segment.asSlice(0, slice.length()), slice.offset(), slice.key());
                        writer.write(slice.tensor().layout().name(), slice.offset(), buffer.clear().limit(slice.length()));
                    }
                } catch (IOException e) {
                    failures.add(new UncheckedIOException(e));
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing " + WEIGHTS_FILE, e);
            }
        }
        if (!failures.isEmpty()) {
            switch (failures.getFirst()) {
                case UncheckedIOException io -> throw io.getCause();
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                case Throwable other -> throw new IOException(other);
            }
        }
    }
}
