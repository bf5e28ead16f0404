package dev.latte.jmh;

import dev.latte.backend.simd.WorkerPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * The memory read bandwidth the kernels are measured against: XOR-reducing a 512 MB off-heap
 * segment with full-width vector loads, split over {@code threads} threads of a {@link WorkerPool}
 * the way the kernels split their rows. The {@code bytes} counter gives the rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MemoryBandwidthBenchmark {
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final long BYTES = 512L << 20;
    private static final int SLICES = 256;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private MemorySegment data;
    private WorkerPool pool;
    private final long[] partial = new long[SLICES];

    @Setup
    public void setUp() {
        arena = Arena.ofShared();
        data = arena.allocate(BYTES, 64);
        for (long i = 0; i < BYTES / 8; i++) {
            data.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i, i * 0x9E3779B97F4A7C15L);
        }
        pool = new WorkerPool(threads);
    }

    @Benchmark
    public long read(WeightBytes counter) {
        pool.parallelFor(SLICES, 4, (worker, start, end) -> {
            long slice = BYTES / SLICES;
            for (int s = start; s < end; s++) {
                LongVector acc = LongVector.zero(LONGS);
                for (long at = s * slice; at < (s + 1) * slice; at += LONGS.vectorByteSize()) {
                    acc = acc.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(LONGS, data, at, ByteOrder.LITTLE_ENDIAN));
                }
                partial[s] = acc.reduceLanes(VectorOperators.XOR);
            }
        });
        counter.bytes += BYTES;
        long result = 0;
        for (long p : partial) {
            result ^= p;
        }
        return result;
    }

    @TearDown
    public void tearDown() {
        pool.close();
        arena.close();
    }
}
