package dev.latte.jmh;

import dev.latte.backend.Activations;
import dev.latte.backend.Backend;
import dev.latte.backend.Weight;
import dev.latte.model.WeightTensor;
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
 * One decode-step matrix-vector product ({@code x [1, in] · Wᵀ}) per encoding, scalar and cpu-simd
 * side by side, on DeepSeek-V2-Lite shapes: a routed expert's gate/up projection [1408, 2048] and
 * the dense layer's [10944, 2048]. Products cycle through enough copies of the matrix (≥ 256 MB)
 * that the weights come from memory, not from the last-level cache; the {@code bytes} counter
 * gives the weight streaming rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MatvecBenchmark {
    private static final long ROTATION_BYTES = 256L << 20;

    @Param({"BF16", "F16", "F32", "FP8", "INT4"})
    public String encoding;

    /** {@code out x in}. */
    @Param({"1408x2048", "10944x2048"})
    public String shape;

    @Param({"scalar", "cpu-simd"})
    public String backend;

    private Arena arena;
    private Backend engine;
    private Weight[] weights;
    private long bytesPerProduct;
    private Activations x;
    private Activations out;
    private int next;

    @Setup
    public void setUp() {
        int rows = Integer.parseInt(shape.substring(0, shape.indexOf('x')));
        int cols = Integer.parseInt(shape.substring(shape.indexOf('x') + 1));
        arena = Arena.ofShared();
        engine = KernelWeights.backend(backend);
        SplittableRandom random = new SplittableRandom(42);
        WeightTensor first = KernelWeights.random(encoding, rows, cols, arena, random);
        bytesPerProduct = KernelWeights.bytes(first);
        int copies = (int) Math.max(2, (ROTATION_BYTES + bytesPerProduct - 1) / bytesPerProduct);
        weights = new Weight[copies];
        weights[0] = engine.upload(first);
        for (int i = 1; i < copies; i++) {
            weights[i] = engine.upload(KernelWeights.random(encoding, rows, cols, arena, random));
        }
        x = engine.allocate(1, cols);
        float[] input = new float[cols];
        for (int i = 0; i < cols; i++) {
            input[i] = (float) random.nextDouble(-1, 1);
        }
        engine.fromHost(input, x);
        out = engine.allocate(1, rows);
    }

    @Benchmark
    public void matvec(WeightBytes counter) {
        engine.matmul(x, weights[next], out);
        next = next + 1 == weights.length ? 0 : next + 1;
        counter.bytes += bytesPerProduct;
    }

    @TearDown
    public void tearDown() {
        engine.close();
        arena.close();
    }
}
