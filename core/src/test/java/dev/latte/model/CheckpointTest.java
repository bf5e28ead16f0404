package dev.latte.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latte.backend.scalar.ScalarBackend;
import dev.latte.json.Json;
import dev.latte.nn.BackendConformance;
import dev.latte.nn.ModelFixtures;
import dev.latte.nn.Session;
import dev.latte.nn.Transformer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    /** A copy of fixture {@code name} in the temporary folder, its config edited by {@code edit}. */
    private Path copy(String name, Consumer<Map<String, Object>> edit) throws IOException {
        Path source = ModelFixtures.folder(name);
        Path target = dir.resolve(name);
        Files.createDirectories(target);
        Files.copy(source.resolve("model.safetensors"), target.resolve("model.safetensors"));
        Map<String, Object> config = Json.parseObject(Files.readString(source.resolve("config.json")));
        edit.accept(config);
        Files.writeString(target.resolve("config.json"), Json.write(config));
        return target;
    }

    private static void assertLoadFails(Path folder, Class<? extends Exception> type, String... messageParts) {
        assertThatThrownBy(() -> Transformer.open(folder, new ScalarBackend()).close())
                .isInstanceOf(type).hasMessageContainingAll(messageParts);
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        Path folder = copy("v3-f32", c -> { });
        String missing = "model.layers.1.self_attn.kv_b_proj.weight";
        SafetensorsWriter.copyWithout(ModelFixtures.folder("v3-f32").resolve("model.safetensors"),
                folder.resolve("model.safetensors"), Set.of(missing));
        assertLoadFails(folder, CheckpointException.class, missing, "missing");
    }

    @Test
    void aTensorOfTheWrongElementTypeIsNamed() throws IOException {
        Path folder = copy("v3-f32", c -> { });
        String norm = "model.layers.2.self_attn.kv_a_layernorm.weight";
        SafetensorsWriter.copy(ModelFixtures.folder("v3-f32").resolve("model.safetensors"),
                folder.resolve("model.safetensors"), Set.of(), Map.of(norm, "I32"));
        assertLoadFails(folder, CheckpointException.class, norm, "is I32, expected F32, F16 or BF16");
    }

    @Test
    void aTensorWhoseShapeDisagreesWithTheConfigIsNamed() throws IOException {
        assertLoadFails(copy("v3-f32", c -> c.put("intermediate_size", 321L)), CheckpointException.class,
                "model.layers.0.mlp.gate_proj.weight", "[320, 128]", "expected [321, 128]");
    }

    @Test
    void aMissingConfigFieldIsNamed() throws IOException {
        assertLoadFails(copy("v3-f32", c -> c.remove("kv_lora_rank")), CheckpointException.class,
                "config.json", "\"kv_lora_rank\"", "missing");
    }

    @Test
    void aWrongTypedConfigFieldIsNamed() throws IOException {
        assertLoadFails(copy("v3-f32", c -> c.put("hidden_size", "128")), CheckpointException.class,
                "\"hidden_size\"", "must be an integer, found a string");
        assertLoadFails(copy("v2lite-bf16", c -> c.put("norm_topk_prob", 1L)), CheckpointException.class,
                "\"norm_topk_prob\"", "must be a boolean");
    }

    @Test
    void anUnsupportedQuantizationMethodIsNamed() throws IOException {
        assertLoadFails(copy("v3-f32", c -> c.put("quantization_config", Map.of("quant_method", "gptq", "bits", 4L))),
                UnsupportedCheckpointException.class, "quantization method \"gptq\"");
        assertLoadFails(copy("v3-int4", c -> c.put("quantization_config",
                        withMember(c.get("quantization_config"), "format", "marlin-24"))),
                UnsupportedCheckpointException.class, "format \"marlin-24\"");
    }

    @Test
    void anUnsupportedModelTypeIsNamed() throws IOException {
        assertLoadFails(copy("v3-f32", c -> c.put("model_type", "llama")), UnsupportedCheckpointException.class,
                "model_type \"llama\"");
    }

    @Test
    void theIgnoreListDecidesWhichWeightsArePacked() throws IOException {
        Path folder = copy("v3-int4", c -> {
            Map<String, Object> q = withMember(c.get("quantization_config"), "ignore",
                    List.of("lm_head", "re:.*self_attn.*", "re:.*shared_experts.*", "re:.*mlp\\.(gate|up|down)_proj.*",
                            "model.layers.2.mlp.experts.5.up_proj"));
            c.put("quantization_config", q);
        });
        assertLoadFails(folder, CheckpointException.class, "model.layers.2.mlp.experts.5.up_proj.weight", "missing");
    }

    @Test
    void aTruncatedCheckpointIsRefused() throws IOException {
        Path folder = copy("v2lite-bf16", c -> { });
        Path file = folder.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertLoadFails(folder, CheckpointException.class, "model.safetensors", "not inside the data section");
    }

    @Test
    void aShardedCheckpointRunsLikeTheSingleFile() throws IOException {
        Path folder = copy("v3-fp8", c -> { });
        Path single = folder.resolve("model.safetensors");
        Map<String, Object> weightMap = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            Map<String, StoredTensor> tensors = SafetensorsFile.open(single, arena).tensors();
            SafetensorsWriter first = new SafetensorsWriter();
            SafetensorsWriter second = new SafetensorsWriter();
            int i = 0;
            for (StoredTensor t : tensors.values()) {
                String shard = i++ % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
                (shard.contains("00001-") ? first : second).add(t.name(), t.dtype().name(), t.shape(),
                        t.data().toArray(ValueLayout.JAVA_BYTE));
                weightMap.put(t.name(), shard);
            }
            first.write(folder.resolve("model-00001-of-00002.safetensors"));
            second.write(folder.resolve("model-00002-of-00002.safetensors"));
        }
        Files.delete(single);
        Files.writeString(folder.resolve("model.safetensors.index.json"), Json.write(Map.of("weight_map", weightMap)));

        int[] prompt = ModelFixtures.expected("v3-fp8").get(0).promptIds();
        float[][] expected = ModelFixtures.expected("v3-fp8").get(0).logits();
        try (Transformer model = Transformer.open(folder, new ScalarBackend()); Session session = model.newSession(prompt.length)) {
            assertThat(BackendConformance.maxAbsDifference(model.prefillAll(session, prompt), expected))
                    .isLessThanOrEqualTo(BackendConformance.LOGIT_TOLERANCE);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withMember(Object object, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) object);
        copy.put(key, value);
        return copy;
    }
}
