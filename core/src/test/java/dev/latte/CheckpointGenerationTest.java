package dev.latte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.latte.backend.Backend;
import dev.latte.backend.Backends;
import dev.latte.backend.simd.SimdBackend;
import dev.latte.nn.ContextLengthExceededException;
import dev.latte.nn.ModelFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Model} on the fixture checkpoints, against the greedy continuations DeepSeek's reference
 * code produced on the same weights (the fixtures have no tokenizer, so prompts are token ids).
 */
class CheckpointGenerationTest {

    static List<String> fixtures() {
        return ModelFixtures.NAMES;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void greedyGenerationEqualsTheReferenceContinuation(String fixture) {
        try (Model model = Model.load(ModelFixtures.folder(fixture))) {
            assertThat(model.hasTokenizer()).isFalse();
            for (ModelFixtures.Case c : ModelFixtures.expected(fixture)) {
                Generation generation = model.generate(c.promptIds(), greedy(c.greedy().length));
                assertThat(generation.tokenIds()).as("%s, %d-token prompt", fixture, c.promptIds().length)
                        .isEqualTo(c.greedy());
                assertThat(generation.finishReason()).isEqualTo(FinishReason.LENGTH);
                assertThat(generation.usage()).isEqualTo(new Usage(c.promptIds().length, c.greedy().length));
            }
        }
    }

    @Test
    void aSessionContinuedInStepsGeneratesTheSameTokens() {
        ModelFixtures.Case c = ModelFixtures.expected("v3-f32").get(0);
        try (Model model = Model.load(ModelFixtures.folder("v3-f32")); Session session = model.newSession()) {
            int[] first = session.generate(c.promptIds(), greedy(3)).tokenIds();
            int[] second = session.generate(new int[0], greedy(5)).tokenIds();
            int[] all = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, all, first.length, second.length);
            assertThat(all).isEqualTo(c.greedy());
        }
    }

    @Test
    void twoSessionsInterleavedOnTwoThreadsEachMatchTheReference() throws Exception {
        List<ModelFixtures.Case> cases = ModelFixtures.expected("v2lite-bf16");
        try (Model model = Model.load(ModelFixtures.folder("v2lite-bf16"))) {
            for (int round = 0; round < 2; round++) {
                try (Session a = model.newSession(); Session b = model.newSession()) {
                    CompletableFuture<int[]> left = CompletableFuture.supplyAsync(() -> inSteps(a, cases.get(0)));
                    CompletableFuture<int[]> right = CompletableFuture.supplyAsync(() -> inSteps(b, cases.get(1)));
                    assertThat(left.get(60, TimeUnit.SECONDS)).isEqualTo(cases.get(0).greedy());
                    assertThat(right.get(60, TimeUnit.SECONDS)).isEqualTo(cases.get(1).greedy());
                }
            }
        }
    }

    @Test
    void seededSamplingIsReproducibleAcrossLoads() {
        int[] prompt = ModelFixtures.expected("v3-fp8").get(0).promptIds();
        GenerationOptions options = GenerationOptions.builder().temperature(1.0).topP(0.9).seed(2024).maxTokens(16).build();
        int[] first;
        try (Model model = Model.load(ModelFixtures.folder("v3-fp8"))) {
            first = model.generate(prompt, options).tokenIds();
            assertThat(model.generate(prompt, options.toBuilder().seed(2025).build()).tokenIds()).isNotEqualTo(first);
        }
        try (Model model = Model.load(ModelFixtures.folder("v3-fp8"))) {
            assertThat(model.generate(prompt, options).tokenIds()).isEqualTo(first);
        }
    }

    @Test
    void aPromptLongerThanTheContextNamesBothLengths() {
        int[] prompt = ModelFixtures.expected("v3-f32").get(1).promptIds();
        try (Model model = Model.load(ModelFixtures.folder("v3-f32"), ModelOptions.builder().contextLength(32).build())) {
            assertThat(model.contextLength()).isEqualTo(32);
            assertThatThrownBy(() -> model.generate(prompt, greedy(4)))
                    .isInstanceOfSatisfying(ContextLengthExceededException.class, e -> {
                        assertThat(e.requestedPositions()).isEqualTo(prompt.length);
                        assertThat(e.capacity()).isEqualTo(32);
                    });
        }
    }

    @Test
    void theKvCacheBudgetLimitsOpenSessions() {
        // v3-f32: 3 layers × (kv_lora_rank 64 + rope 16) floats per position.
        long perSession = 100L * 3 * (64 + 16) * Float.BYTES;
        ModelOptions options = ModelOptions.builder().contextLength(100).kvCacheBudgetBytes(perSession).build();
        try (Model model = Model.load(ModelFixtures.folder("v3-f32"), options)) {
            Session first = model.newSession();
            assertThatThrownBy(model::newSession).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("kvCacheBudgetBytes");
            first.close();
            model.newSession().close();
        }
    }

    @Test
    void theThreadsOptionSizesTheCpuBackendsPool() {
        try (Backend backend = Backends.create("cpu-simd", 3)) {
            assertThat(((SimdBackend) backend).threads()).isEqualTo(3);
        }
        ModelOptions options = ModelOptions.builder().backend("cpu-simd").threads(2).build();
        try (Model model = Model.load(ModelFixtures.folder("v3-f32"), options)) {
            ModelFixtures.Case c = ModelFixtures.expected("v3-f32").get(0);
            assertThat(model.generate(c.promptIds(), greedy(c.greedy().length)).tokenIds()).isEqualTo(c.greedy());
        }
    }

    @Test
    void anUnknownBackendIsNamed() {
        assertThatThrownBy(() -> Model.load(ModelFixtures.folder("v3-f32"), ModelOptions.builder().backend("tpu").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tpu")
                .hasMessageContaining("scalar");
    }

    @Test
    void closeUnmapsTheCheckpointFiles(@TempDir Path folder) throws IOException {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "needs Linux's /proc/self/maps to see the mappings");
        for (String file : List.of("config.json", "model.safetensors")) {
            Files.copy(ModelFixtures.folder("v3-f32").resolve(file), folder.resolve(file));
        }
        String weights = folder.resolve("model.safetensors").toRealPath().toString();
        Model model = Model.load(folder);
        model.generate(ModelFixtures.expected("v3-f32").get(0).promptIds(), greedy(2));
        assertThat(Files.readString(maps)).contains(weights);

        model.close();

        assertThat(Files.readString(maps)).doesNotContain(weights);
        assertThatThrownBy(() -> model.generate(new int[] {1, 2}, greedy(1))).isInstanceOf(IllegalStateException.class);
    }

    private static int[] inSteps(Session session, ModelFixtures.Case c) {
        int[] ids = session.generate(c.promptIds(), greedy(2)).tokenIds();
        while (ids.length < c.greedy().length) {
            int[] more = session.generate(new int[0], greedy(Math.min(3, c.greedy().length - ids.length))).tokenIds();
            int[] joined = Arrays.copyOf(ids, ids.length + more.length);
            System.arraycopy(more, 0, joined, ids.length, more.length);
            ids = joined;
        }
        return ids;
    }

    private static GenerationOptions greedy(int maxTokens) {
        return GenerationOptions.builder().temperature(0).maxTokens(maxTokens).build();
    }
}
