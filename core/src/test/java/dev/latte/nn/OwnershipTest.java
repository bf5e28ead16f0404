package dev.latte.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latte.json.Json;
import dev.latte.model.Checkpoint;
import dev.latte.model.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnershipTest {
    @TempDir
    Path dir;

    /** The v3-f32 fixture with a config asking for one layer more than the file holds. */
    private Path checkpointMissingALayer() throws IOException {
        Path source = ModelFixtures.folder("v3-f32");
        Files.copy(source.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        Map<String, Object> config = Json.parseObject(Files.readString(source.resolve("config.json")));
        config.put("num_hidden_layers", 4L);
        Files.writeString(dir.resolve("config.json"), Json.write(config));
        return dir;
    }

    @Test
    void openClosesTheBackendWhenLoadingFails() throws IOException {
        RecordingBackend backend = new RecordingBackend();
        assertThatThrownBy(() -> Transformer.open(checkpointMissingALayer(), backend))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("model.layers.3.");
        assertThat(backend.closed).isEqualTo(1);
    }

    @Test
    void loadLeavesItsArgumentsToTheCallerWhenItFails() throws IOException {
        RecordingBackend backend = new RecordingBackend();
        try (Checkpoint checkpoint = Checkpoint.open(checkpointMissingALayer())) {
            assertThatThrownBy(() -> Transformer.load(checkpoint, backend)).isInstanceOf(CheckpointException.class);
            assertThat(backend.closed).isZero();
            assertThat(checkpoint.linear("lm_head", 1024, 128).decodeAll()).hasSize(1024 * 128);
        }
    }

    @Test
    void closingTheModelClosesItsBackendOnce() {
        RecordingBackend backend = new RecordingBackend();
        Transformer model = Transformer.open(ModelFixtures.folder("v2group-f32"), backend);
        model.close();
        model.close();
        assertThat(backend.closed).isEqualTo(1);
    }

    @Test
    void aRewoundSessionContinuesFromTheKeptPrefix() {
        ModelFixtures.Case reference = ModelFixtures.expected("v3-f32").getFirst();
        int[] prompt = reference.promptIds();
        try (Transformer model = Transformer.open(ModelFixtures.folder("v3-f32"), new RecordingBackend());
             Session session = model.newSession(prompt.length)) {
            model.prefill(session, new int[] {7, 7, 7, 7});
            session.rewind(0);
            model.prefill(session, Arrays.copyOf(prompt, 6));
            model.prefill(session, new int[] {9, 9});
            session.rewind(6);
            float[][] rest = model.prefillAll(session, Arrays.copyOfRange(prompt, 6, prompt.length));
            assertThat(BackendConformance.maxAbsDifference(rest,
                    Arrays.copyOfRange(reference.logits(), 6, prompt.length))).isLessThanOrEqualTo(BackendConformance.LOGIT_TOLERANCE);
            assertThatThrownBy(() -> session.rewind(prompt.length + 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
