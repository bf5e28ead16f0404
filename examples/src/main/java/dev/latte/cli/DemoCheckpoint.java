package dev.latte.cli;

import dev.latte.synth.ModelShape;
import dev.latte.synth.SyntheticCheckpoint;
import dev.latte.synth.SyntheticDtype;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The model {@code latte run} uses when given none: DeepSeek-V3's architecture and real tokenizer
 * (vocabulary 129280, so embedding and output head are full size) with few, narrow layers of
 * random FP8 weights. Built once into the cache folder; its answers are noise, but every step of
 * a real run happens: tokenizing, the chat template, MLA, routed experts, sampling, streaming.
 */
final class DemoCheckpoint {
    /** Bump when the shape or the files change, so that old caches are not reused. */
    static final String NAME = "deepseek-v3-demo-1";
    private static final List<String> TOKENIZER_FILES = List.of("tokenizer.json.gz", "tokenizer_config.json");

    private DemoCheckpoint() {}

    /** The cache folder: system property {@code latte.cache}, {@code $LATTE_CACHE}, else {@code ~/.cache/latte}. */
    static Path cacheFolder() {
        String configured = System.getProperty("latte.cache", System.getenv("LATTE_CACHE"));
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "latte");
    }

    /** Whether the demo checkpoint is already built in {@code cache}. */
    static boolean isBuilt(Path cache) {
        return Files.exists(cache.resolve(NAME).resolve("tokenizer_config.json"));
    }

    /** The demo checkpoint's folder in {@code cache}, built first where missing. */
    static Path ensureBuilt(Path cache) throws IOException {
        Path folder = cache.resolve(NAME);
        if (isBuilt(cache)) {
            return folder;
        }
        Files.createDirectories(cache);
        Path partial = Files.createTempDirectory(cache, NAME + ".partial-");
        try {
            new SyntheticCheckpoint(ModelShape.of(config()), SyntheticDtype.FP8, 0)
                    .writeTo(partial, Math.max(1, Runtime.getRuntime().availableProcessors()));
            for (String file : TOKENIZER_FILES) {
                try (InputStream in = DemoCheckpoint.class.getResourceAsStream("demo/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("resource demo/" + file + " is missing from the latte tool");
                    }
                    Files.copy(in, partial.resolve(file));
                }
            }
            moveInPlace(partial, folder);
        } finally {
            deleteRecursively(partial);
        }
        return folder;
    }

    /** DeepSeek-V3's config.json, narrowed: 3 layers (1 dense, 2 MoE) of width 256, 16 experts. */
    static Map<String, Object> config() {
        Map<String, Object> rope = new LinkedHashMap<>(ropeScaling(ModelShape.v3()));
        rope.put("factor", 4.0);
        rope.put("original_max_position_embeddings", 1024);
        rope.put("mscale", 1.0);
        rope.put("mscale_all_dim", 1.0);
        return ModelShape.v3()
                .with("hidden_size", 256)
                .with("intermediate_size", 768)
                .with("moe_intermediate_size", 128)
                .with("num_hidden_layers", 3)
                .with("num_attention_heads", 4)
                .with("num_key_value_heads", 4)
                .with("n_routed_experts", 16)
                .with("num_experts_per_tok", 4)
                .with("n_group", 4)
                .with("topk_group", 2)
                .with("first_k_dense_replace", 1)
                .with("q_lora_rank", 128)
                .with("kv_lora_rank", 128)
                .with("qk_nope_head_dim", 64)
                .with("qk_rope_head_dim", 32)
                .with("v_head_dim", 64)
                .with("max_position_embeddings", 4096)
                .with("rope_scaling", rope)
                .config();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ropeScaling(ModelShape shape) {
        return (Map<String, Object>) shape.config().get("rope_scaling");
    }

    private static void moveInPlace(Path partial, Path folder) throws IOException {
        try {
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, folder);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // Another latte process built it at the same time: keep theirs.
        }
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + folder, e);
        }
    }
}
