package dev.latte.jmh;

import dev.latte.backend.Activations;
import dev.latte.backend.Backend;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.Routing;
import dev.latte.model.WeightTensor;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
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
 * The routed experts of one DeepSeek-V2-Lite MoE layer (64 experts of gate/up [1408, 2048] and
 * down [2048, 1408], top-6) for a chunk of {@code tokens}, with a fixed random routing. The
 * {@code bytes} counter counts the weights of every distinct selected expert once (they are
 * streamed once per chunk), so it reads as the streaming rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MoeLayerBenchmark {
    private static final int EXPERTS = 64;
    private static final int TOP_K = 6;
    private static final int HIDDEN = 2048;
    private static final int INNER = 1408;

    @Param({"BF16", "FP8", "INT4"})
    public String encoding;

    @Param({"1", "16"})
    public int tokens;

    @Param({"scalar", "cpu-simd"})
    public String backend;

    private Arena arena;
    private Backend engine;
    private List<ExpertWeights> experts;
    private Routing routing;
    private long bytesPerLayer;
    private Activations x;
    private Activations out;

    @Setup
    public void setUp() {
        arena = Arena.ofShared();
        engine = KernelWeights.backend(backend);
        SplittableRandom random = new SplittableRandom(11);
        experts = new ArrayList<>();
        long bytesPerExpert = 0;
        for (int e = 0; e < EXPERTS; e++) {
            WeightTensor gate = KernelWeights.random(encoding, INNER, HIDDEN, arena, random);
            WeightTensor up = KernelWeights.random(encoding, INNER, HIDDEN, arena, random);
            WeightTensor down = KernelWeights.random(encoding, HIDDEN, INNER, arena, random);
            bytesPerExpert = KernelWeights.bytes(gate) + KernelWeights.bytes(up) + KernelWeights.bytes(down);
            experts.add(new ExpertWeights(engine.upload(gate), engine.upload(up), engine.upload(down)));
        }
        int[] ids = new int[tokens * TOP_K];
        float[] weights = new float[tokens * TOP_K];
        boolean[] used = new boolean[EXPERTS];
        for (int t = 0; t < tokens; t++) {
            boolean[] chosen = new boolean[EXPERTS];
            for (int k = 0; k < TOP_K; k++) {
                int e;
                do {
                    e = random.nextInt(EXPERTS);
                } while (chosen[e]);
                chosen[e] = true;
                used[e] = true;
                ids[t * TOP_K + k] = e;
                weights[t * TOP_K + k] = (float) random.nextDouble(0.05, 0.3);
            }
        }
        routing = new Routing(tokens, TOP_K, ids, weights);
        for (boolean u : used) {
            bytesPerLayer += u ? bytesPerExpert : 0;
        }
        x = engine.allocate(tokens, HIDDEN);
        float[] input = new float[tokens * HIDDEN];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextDouble(-1, 1);
        }
        engine.fromHost(input, x);
        out = engine.allocate(tokens, HIDDEN);
    }

    @Benchmark
    public void routedExperts(WeightBytes counter) {
        engine.routedExperts(x, experts, routing, out);
        counter.bytes += bytesPerLayer;
    }

    @TearDown
    public void tearDown() {
        engine.close();
        arena.close();
    }
}
