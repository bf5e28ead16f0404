package dev.latte.model;

import dev.latte.json.Json;
import dev.latte.json.JsonException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Hugging Face checkpoint folder opened for inference: {@code config.json} plus
 * {@code model.safetensors} or the shards {@code model.safetensors.index.json} names, every file
 * mapped (zero copy) into one shared {@link Arena} this object owns. {@link #close()} unmaps them;
 * weights read from it must not be used afterwards.
 *
 * <p>Opening validates the config and every file header; {@link #linear}, {@link #matrix} and
 * {@link #vector} validate each tensor the model asks for (presence, dtype, shape, quantization
 * companions) and name it when something is wrong. A failed open leaves nothing mapped.
 */
public final class Checkpoint implements AutoCloseable {
    private static final String SINGLE_FILE = "model.safetensors";
    private static final String INDEX_FILE = "model.safetensors.index.json";
    private static final long MAX_INDEX_BYTES = 64L << 20;

    private final Path folder;
    private final ModelConfig config;
    private final Arena arena;
    private final Map<String, StoredTensor> tensors;
    private final LinearWeightReader linearReader;

    private Checkpoint(Path folder, ModelConfig config, Arena arena, Map<String, StoredTensor> tensors) {
        this.folder = folder;
        this.config = config;
        this.arena = arena;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.linearReader = new LinearWeightReader(config.quantization(), this::find);
    }

    /** Opens the checkpoint in {@code folder}. */
    public static Checkpoint open(Path folder) {
        ModelConfig config = ModelConfig.read(folder);
        Arena arena = Arena.ofShared();
        try {
            Map<String, StoredTensor> tensors = Files.exists(folder.resolve(INDEX_FILE))
                    ? openShards(folder, arena)
                    : SafetensorsFile.open(folder.resolve(SINGLE_FILE), arena).tensors();
            return new Checkpoint(folder, config, arena, new LinkedHashMap<>(tensors));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The folder this was opened from. */
    public Path folder() {
        return folder;
    }

    /** The validated {@code config.json}. */
    public ModelConfig config() {
        return config;
    }

    /** Every tensor of every file, by name. */
    public Map<String, StoredTensor> tensors() {
        return tensors;
    }

    /** The tensor {@code name}, which must exist. */
    public StoredTensor tensor(String name) {
        StoredTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CheckpointException(folder + ": tensor " + name + " is missing");
        }
        return tensor;
    }

    /**
     * The weight of linear module {@code module} (e.g. {@code model.layers.0.self_attn.o_proj}),
     * {@code [rows, cols]}, in whatever encoding the checkpoint stores it: {@code module.weight}
     * (dense or FP8 with {@code weight_scale_inv}) or {@code module.weight_packed} and companions.
     */
    public WeightTensor linear(String module, int rows, int cols) {
        return linearReader.read(module, rows, cols);
    }

    /** An unquantized 2-D tensor {@code [rows, cols]} (embeddings, router weights). */
    public WeightTensor matrix(String name, int rows, int cols) {
        return LinearWeightReader.dense(find(name), rows, cols);
    }

    /** An unquantized 1-D tensor of {@code length} (norm weights, biases), as one row. */
    public WeightTensor vector(String name, int length) {
        StoredTensor tensor = find(name);
        if (tensor.shape().length != 1 || tensor.shape()[0] != length) {
            throw new CheckpointException(folder + ": tensor " + name + " has shape " + tensor.shapeString()
                    + ", expected [" + length + "]");
        }
        return LinearWeightReader.dense(tensor, 1, length);
    }

    /** Unmaps every file. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    private StoredTensor find(String name) {
        return tensor(name);
    }

    private static Map<String, StoredTensor> openShards(Path folder, Arena arena) {
        Path indexFile = folder.resolve(INDEX_FILE);
        Map<String, Object> index;
        try {
            if (Files.size(indexFile) > MAX_INDEX_BYTES) {
                throw new CheckpointException(indexFile + ": larger than " + MAX_INDEX_BYTES + " bytes");
            }
            index = Json.parseObject(Files.readString(indexFile));
        } catch (IOException e) {
            throw new CheckpointException(indexFile + ": cannot read: " + e.getMessage(), e);
        } catch (JsonException e) {
            throw new CheckpointException(indexFile + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!(index.get("weight_map") instanceof Map<?, ?> weightMap)) {
            throw new CheckpointException(indexFile + ": field \"weight_map\" must be an object");
        }
        Map<String, SafetensorsFile> files = new LinkedHashMap<>();
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : weightMap.entrySet()) {
            String name = (String) entry.getKey();
            if (!(entry.getValue() instanceof String fileName) || fileName.contains("/") || fileName.contains("\\")
                    || fileName.startsWith(".")) {
                throw new CheckpointException(indexFile + ": tensor " + name + " maps to " + entry.getValue()
                        + ", not a file name in the folder");
            }
            SafetensorsFile file = files.computeIfAbsent(fileName, f -> SafetensorsFile.open(folder.resolve(f), arena));
            StoredTensor tensor = file.tensors().get(name);
            if (tensor == null) {
                throw new CheckpointException(indexFile + ": tensor " + name + " is listed in " + fileName + " but that file lacks it");
            }
            tensors.put(name, tensor);
        }
        return tensors;
    }
}
