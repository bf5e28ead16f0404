package dev.latte.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.backend.Activations;
import dev.latte.backend.AttentionShape;
import dev.latte.backend.Backend;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.LatentCache;
import dev.latte.backend.RopeFrequencies;
import dev.latte.backend.Routing;
import dev.latte.backend.Weight;
import dev.latte.backend.scalar.ScalarBackend;
import dev.latte.model.ModelConfig;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;
import dev.latte.nn.BackendConformance;
import dev.latte.nn.ModelFixtures;
import dev.latte.nn.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every operation of the CUDA backend against the scalar reference backend (the definition of each
 * operation) on random data, in every weight encoding, on decode (1 token), short (3, 8, 9) and
 * prefill (70) chunks and on shapes that are not multiples of the vector widths. Needs a GPU.
 */
class CudaBackendDifferentialTest {
    private static CudaBackend gpu;
    private static ScalarBackend cpu;

    @BeforeEach
    void open() {
        GpuTests.assumeGpu();
        if (gpu == null) {
            gpu = CudaBackend.open();
            cpu = new ScalarBackend();
        }
    }

    @AfterAll
    static void close() {
        if (gpu != null) {
            gpu.close();
            cpu.close();
        }
    }

    @ParameterizedTest(name = "{0} {1}×{2}, {3} tokens")
    @CsvSource({
        "F32, 100, 64, 1", "F32, 37, 21, 3", "F16, 100, 64, 1", "F16, 33, 24, 9",
        "BF16, 100, 64, 1", "BF16, 37, 19, 8", "BF16, 130, 2048, 1", "BF16, 64, 200, 70",
        "FP8, 130, 272, 1", "FP8, 300, 256, 3", "FP8, 200, 144, 70",
        "INT4, 64, 256, 1", "INT4, 24, 40, 9", "INT4, 70, 96, 70"})
    void matmulMatchesTheReference(String encoding, int rows, int cols, int tokens) {
        WeightTensor stored = switch (encoding) {
            case "FP8" -> TestWeights.fp8("w", rows, cols, 128, 128, rows + cols);
            case "INT4" -> TestWeights.int4("w", rows, cols, cols % 32 == 0 ? 32 : 8, rows + cols);
            default -> TestWeights.dense("w", WeightEncoding.valueOf(encoding), rows, cols,
                    TestWeights.randomValues(rows * cols, rows + cols));
        };
        float[] x = TestWeights.randomValues(tokens * cols, 99);

        float[] expected = run(cpu, stored, x, tokens);
        float[] actual = run(gpu, stored, x, tokens);

        assertClose(actual, expected, 1e-4f);
    }

    private static float[] run(Backend backend, WeightTensor stored, float[] x, int tokens) {
        Weight w = backend.upload(stored);
        try (Activations in = backend.allocate(tokens, stored.cols()); Activations out = backend.allocate(tokens, stored.rows())) {
            backend.fromHost(x, in);
            backend.matmul(in, w, out);
            return backend.toHost(out);
        }
    }

    @Test
    void rowOperationsMatchTheReference() {
        WeightTensor normWeight = TestWeights.dense("norm", WeightEncoding.BF16, 1, 300, TestWeights.randomValues(300, 1));
        WeightTensor table = TestWeights.dense("embed", WeightEncoding.BF16, 40, 300, TestWeights.randomValues(12000, 2));
        float[] a = TestWeights.randomValues(5 * 300, 3);
        float[] b = TestWeights.randomValues(5 * 300, 4);
        RopeFrequencies frequencies = new RopeFrequencies(new float[] {1f, 0.3f, 0.05f, 0.001f, 1e-4f, 3e-5f, 1e-5f, 1e-6f});

        for (BiConsumer<Backend, Activations[]> op : List.<BiConsumer<Backend, Activations[]>>of(
                (be, t) -> be.rmsNorm(t[0], be.upload(normWeight), 1e-6f, t[2]),
                (be, t) -> be.siluMul(t[0], t[1], t[2]),
                (be, t) -> {
                    be.add(t[0], t[1]);
                    be.copy(t[0], 1, 7, t[2], 2, 100, 3, 150);
                },
                (be, t) -> be.embed(new int[] {39, 0, 17, 17, 5}, be.upload(table), t[2]),
                (be, t) -> {
                    be.copy(t[0], 0, 0, t[2], 0, 0, 5, 300);
                    be.rope(t[2], 10, 48, 3, frequencies, 1234);
                })) {
            assertClose(rowOp(gpu, op, a, b), rowOp(cpu, op, a, b), 1e-5f);
        }
    }

    private static float[] rowOp(Backend backend, BiConsumer<Backend, Activations[]> op, float[] a, float[] b) {
        try (Activations x = backend.allocate(5, 300); Activations y = backend.allocate(5, 300);
             Activations out = backend.allocate(5, 300)) {
            backend.fromHost(a, x);
            backend.fromHost(b, y);
            backend.fromHost(new float[1500], out);
            op.accept(backend, new Activations[] {x, y, out});
            return backend.toHost(out);
        }
    }

    @ParameterizedTest(name = "{0} tokens from position {1}")
    @CsvSource({"1, 0", "1, 50", "5, 0", "4, 20", "1, 700", "16, 600"})
    void latentAttentionMatchesTheReference(int tokens, int start) {
        AttentionShape shape = new AttentionShape(16, 128, 64, 128, 512, 0.1147f);
        WeightTensor kvUp = TestWeights.fp8("kv_b_proj", 16 * 256, 512, 128, 128, 7);
        int positions = start + tokens;
        float[] latents = TestWeights.randomValues(positions * 512, 8);
        float[] ropeKeys = TestWeights.randomValues(positions * 64, 9);
        float[] query = TestWeights.randomValues(tokens * shape.queryCols(), 10);

        float[] expected = attention(cpu, shape, kvUp, latents, ropeKeys, query, tokens, start);
        float[] actual = attention(gpu, shape, kvUp, latents, ropeKeys, query, tokens, start);

        assertClose(actual, expected, 2e-4f);
    }

    private static float[] attention(Backend backend, AttentionShape shape, WeightTensor kvUp, float[] latents,
                                     float[] ropeKeys, float[] query, int tokens, int start) {
        int positions = start + tokens;
        Weight w = backend.upload(kvUp);
        try (LatentCache cache = backend.allocateLatentCache(positions + 3, 512, 64);
             Activations latent = backend.allocate(positions, 512); Activations rope = backend.allocate(positions, 64);
             Activations q = backend.allocate(tokens, shape.queryCols());
             Activations out = backend.allocate(tokens, shape.outputCols())) {
            backend.fromHost(latents, latent);
            backend.fromHost(ropeKeys, rope);
            backend.appendLatent(cache, latent, rope, 0);
            float[] readBack = new float[512];
            float[] ropeBack = new float[64];
            backend.readLatent(cache, positions - 1, readBack, ropeBack);
            assertThat(readBack[511]).isEqualTo(latents[positions * 512 - 1]);
            assertThat(ropeBack[0]).isEqualTo(ropeKeys[(positions - 1) * 64]);
            backend.fromHost(query, q);
            backend.mlaAttention(q, w, cache, start, shape, out);
            return backend.toHost(out);
        }
    }

    @ParameterizedTest(name = "{0} tokens, {1}")
    @CsvSource({"1, INT4", "4, INT4", "12, FP8", "1, BF16"})
    void routedExpertsMatchTheReference(int tokens, String encoding) {
        int hidden = 256;
        int inter = 96;
        int expertCount = 8;
        int topK = 3;
        List<WeightTensor[]> stored = new ArrayList<>();
        for (int e = 0; e < expertCount; e++) {
            stored.add(new WeightTensor[] {expert(encoding, "gate", inter, hidden, e), expert(encoding, "up", inter, hidden, e),
                    expert(encoding, "down", hidden, inter, e)});
        }
        Random random = new Random(tokens);
        int[] ids = new int[tokens * topK];
        float[] weights = new float[tokens * topK];
        for (int t = 0; t < tokens; t++) {
            for (int k = 0; k < topK; k++) {
                ids[t * topK + k] = (t + 3 * k + random.nextInt(2)) % expertCount;
                weights[t * topK + k] = random.nextFloat();
            }
        }
        Routing routing = new Routing(tokens, topK, ids, weights);
        float[] x = TestWeights.randomValues(tokens * hidden, 11);

        assertClose(experts(gpu, stored, routing, x), experts(cpu, stored, routing, x), 1e-4f);
    }

    private static WeightTensor expert(String encoding, String part, int rows, int cols, int e) {
        long seed = part.hashCode() * 31L + e;
        return switch (encoding) {
            case "INT4" -> TestWeights.int4(part, rows, cols, 32, seed);
            case "FP8" -> TestWeights.fp8(part, rows, cols, 128, 128, seed);
            default -> TestWeights.dense(part, WeightEncoding.BF16, rows, cols, TestWeights.randomValues(rows * cols, seed));
        };
    }

    private static float[] experts(Backend backend, List<WeightTensor[]> stored, Routing routing, float[] x) {
        List<ExpertWeights> experts = new ArrayList<>();
        for (WeightTensor[] e : stored) {
            experts.add(new ExpertWeights(backend.upload(e[0]), backend.upload(e[1]), backend.upload(e[2])));
        }
        try (Activations in = backend.allocate(routing.tokens(), 256); Activations out = backend.allocate(routing.tokens(), 256)) {
            backend.fromHost(x, in);
            backend.routedExperts(in, experts, routing, out);
            return backend.toHost(out);
        }
    }

    @ParameterizedTest
    @CsvSource({"v3-f32", "v2lite-bf16", "v2group-f32"})
    void deviceRoutingChoosesWhatTheHostRouterChooses(String fixture) {
        ModelConfig config = ModelConfig.read(ModelFixtures.folder(fixture));
        int experts = config.nRoutedExperts();
        int tokens = 37;
        float[] logits = TestWeights.randomValues(tokens * experts, 12);
        float[] bias = config.topkMethod().equals("noaux_tc") ? TestWeights.randomValues(experts, 13) : null;
        Routing expected = new Router(config, bias).route(logits, tokens);
        Routing actual;
        try (Activations l = gpu.allocate(tokens, experts)) {
            gpu.fromHost(logits, l);
            actual = gpu.route(l, config, bias);
        }

        assertThat(actual.experts()).containsExactly(expected.experts());
        assertClose(actual.weights(), expected.weights(), 1e-6f);
    }

    @Test
    void greedyArgmaxOnTheDeviceMatchesTheHost() {
        float[] logits = TestWeights.randomValues(3 * 1000, 14);
        logits[1000 + 17] = 5f;
        logits[1000 + 400] = 5f; // a tie: the lower index wins
        try (Activations l = gpu.allocate(3, 1000)) {
            gpu.fromHost(logits, l);
            int[] chosen = gpu.argmaxRows(l);
            for (int row = 0; row < 3; row++) {
                float[] slice = java.util.Arrays.copyOfRange(logits, row * 1000, (row + 1) * 1000);
                assertThat(chosen[row]).isEqualTo(BackendConformance.argmax(slice));
            }
        }
    }

    @Test
    void aCapturedGraphReplaysTheSameWork() {
        Weight w = gpu.upload(TestWeights.dense("w", WeightEncoding.BF16, 64, 64, TestWeights.randomValues(4096, 15)));
        try (Activations x = gpu.allocate(1, 64); Activations y = gpu.allocate(1, 64)) {
            gpu.fromHost(TestWeights.randomValues(64, 16), x);
            gpu.matmul(x, w, y);
            gpu.add(y, x);
            float[] direct = gpu.toHost(y);
            gpu.fromHost(new float[64], y);
            try (CudaGraph graph = gpu.context().capture(() -> {
                gpu.matmul(x, w, y);
                gpu.add(y, x);
            })) {
                graph.launch();
                assertThat(gpu.toHost(y)).containsExactly(direct);
            }
        }
    }

    /** |actual − expected| ≤ tolerance · (1 + |expected|) everywhere. */
    static void assertClose(float[] actual, float[] expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            float bound = tolerance * (1 + Math.abs(expected[i]));
            assertThat(Math.abs(actual[i] - expected[i])).as("element %d: %s vs %s", i, actual[i], expected[i])
                    .isLessThanOrEqualTo(bound);
        }
    }
}
