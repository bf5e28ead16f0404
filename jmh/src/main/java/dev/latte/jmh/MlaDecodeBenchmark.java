package dev.latte.jmh;

import dev.latte.backend.Activations;
import dev.latte.backend.AttentionShape;
import dev.latte.backend.Backend;
import dev.latte.backend.LatentCache;
import dev.latte.backend.Weight;
import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decode step of weight-absorbed MLA attention for one layer of DeepSeek-V2-Lite (16 heads,
 * q_nope 128, rope 64, v 128, latent 512, {@code kv_b_proj} [4096, 512] in BF16) over a latent
 * cache of {@code context} positions: absorb, 576-long scores per position and head, softmax,
 * latent-weighted sum, value projection. Scalar and cpu-simd side by side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MlaDecodeBenchmark {
    private static final AttentionShape V2_LITE = new AttentionShape(16, 128, 64, 128, 512, 0.11472139f);

    @Param({"512", "4096"})
    public int context;

    @Param({"scalar", "cpu-simd"})
    public String backend;

    private Arena arena;
    private Backend engine;
    private Weight kvUp;
    private LatentCache cache;
    private Activations query;
    private Activations out;

    @Setup
    public void setUp() {
        arena = Arena.ofShared();
        engine = KernelWeights.backend(backend);
        SplittableRandom random = new SplittableRandom(7);
        int rows = V2_LITE.heads() * (V2_LITE.nopeDim() + V2_LITE.valueDim());
        kvUp = engine.upload(KernelWeights.random("BF16", rows, V2_LITE.latentRank(), arena, random));
        cache = engine.allocateLatentCache(context, V2_LITE.latentRank(), V2_LITE.ropeDim());
        int chunk = 256;
        try (Activations latent = engine.allocate(chunk, V2_LITE.latentRank());
             Activations ropeKey = engine.allocate(chunk, V2_LITE.ropeDim())) {
            for (int start = 0; start < context; start += chunk) {
                engine.fromHost(randomValues(chunk * V2_LITE.latentRank(), random), latent);
                engine.fromHost(randomValues(chunk * V2_LITE.ropeDim(), random), ropeKey);
                engine.appendLatent(cache, latent, ropeKey, start);
            }
        }
        query = engine.allocate(1, V2_LITE.queryCols());
        engine.fromHost(randomValues(V2_LITE.queryCols(), random), query);
        out = engine.allocate(1, V2_LITE.outputCols());
    }

    @Benchmark
    public void decodeStep() {
        engine.mlaAttention(query, kvUp, cache, context - 1, V2_LITE, out);
    }

    @TearDown
    public void tearDown() {
        engine.close();
        arena.close();
    }

    private static float[] randomValues(int n, SplittableRandom random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
