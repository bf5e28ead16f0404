package dev.latte.jmh;

import dev.latte.backend.Activations;
import dev.latte.backend.Backend;
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
 * One prefill matrix-matrix product ({@code x [tokens, in] · Wᵀ}) on the cpu-simd backend, on
 * DeepSeek-V2-Lite shapes: a routed expert's gate/up projection [1408, 2048] and the dense layer's
 * [10944, 2048]. Prefill is bound by arithmetic, not by streaming the weights, so one matrix is
 * reused; the {@code flops} counter ({@code 2 · rows · cols · tokens} per product) gives FLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PrefillMatmulBenchmark {
    @Param({"BF16", "FP8", "INT4"})
    public String encoding;

    /** {@code out x in}. */
    @Param({"1408x2048", "10944x2048"})
    public String shape;

    @Param({"16", "128"})
    public int tokens;

    private Arena arena;
    private Backend engine;
    private Weight weight;
    private long flopsPerProduct;
    private Activations x;
    private Activations out;

    @Setup
    public void setUp() {
        int rows = Integer.parseInt(shape.substring(0, shape.indexOf('x')));
        int cols = Integer.parseInt(shape.substring(shape.indexOf('x') + 1));
        arena = Arena.ofShared();
        engine = KernelWeights.backend("cpu-simd");
        SplittableRandom random = new SplittableRandom(42);
        weight = engine.upload(KernelWeights.random(encoding, rows, cols, arena, random));
        flopsPerProduct = 2L * rows * cols * tokens;
        x = engine.allocate(tokens, cols);
        float[] input = new float[tokens * cols];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextDouble(-1, 1);
        }
        engine.fromHost(input, x);
        out = engine.allocate(tokens, rows);
    }

    @Benchmark
    public void matmul(Flops counter) {
        engine.matmul(x, weight, out);
        counter.flops += flopsPerProduct;
    }

    @TearDown
    public void tearDown() {
        engine.close();
        arena.close();
    }
}
