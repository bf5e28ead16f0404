package dev.latte.jmh;

import dev.latte.backend.Backend;
import dev.latte.backend.BackendProvider;
import dev.latte.model.DType;
import dev.latte.model.DenseWeight;
import dev.latte.model.Fp8BlockWeight;
import dev.latte.model.Int4GroupWeight;
import dev.latte.model.StoredTensor;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ServiceLoader;
import java.util.SplittableRandom;

/**
 * Random weight matrices in each encoding the kernels support, for the kernel benchmarks: values in
 * a realistic range (no NaN, no infinities), FP8 with 128 × 128 block scales, INT4 symmetric with
 * BF16 scales per group of 32 (Kimi-K2's layout). Also finds a backend by name through
 * {@link ServiceLoader}, as an application would.
 */
final class KernelWeights {
    /** FP8 scale blocks and INT4 groups, as DeepSeek-V3 and Kimi-K2 ship them. */
    static final int FP8_BLOCK = 128;
    static final int INT4_GROUP = 32;

    private KernelWeights() {
    }

    /** The backend whose provider is named {@code name} ("scalar", "cpu-simd"). */
    static Backend backend(String name) {
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (provider.name().equals(name)) {
                if (!provider.available()) {
                    throw new IllegalStateException("backend " + name + " is not available on this JVM");
                }
                return provider.create();
            }
        }
        throw new IllegalArgumentException("no backend named " + name);
    }

    /** A random {@code [rows, cols]} weight stored as {@code encoding} ("BF16", "F16", "F32", "FP8", "INT4"). */
    static WeightTensor random(String encoding, int rows, int cols, Arena arena, SplittableRandom random) {
        String name = encoding + "[" + rows + "x" + cols + "]";
        return switch (encoding) {
            case "BF16" -> new DenseWeight(name, WeightEncoding.BF16, rows, cols,
                    fill(arena, 2L * rows * cols, random, 0x83FF83FF83FF83FFL, 0x3C003C003C003C00L));
            case "F16" -> new DenseWeight(name, WeightEncoding.F16, rows, cols,
                    fill(arena, 2L * rows * cols, random, 0x83FF83FF83FF83FFL, 0x3000300030003000L));
            case "F32" -> new DenseWeight(name, WeightEncoding.F32, rows, cols,
                    fill(arena, 4L * rows * cols, random, 0x83FFFFFF83FFFFFFL, 0x3C0000003C000000L));
            case "FP8" -> {
                int scaleCount = ceil(rows, FP8_BLOCK) * ceil(cols, FP8_BLOCK);
                MemorySegment scales = arena.allocate(4L * scaleCount);
                for (int i = 0; i < scaleCount; i++) {
                    scales.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) (1e-3 * (1 + random.nextDouble())));
                }
                MemorySegment values = fp8Codes(arena, (long) rows * cols, random);
                yield new Fp8BlockWeight(name, rows, cols, values, scales, FP8_BLOCK, FP8_BLOCK);
            }
            case "INT4" -> {
                int groups = ceil(cols, INT4_GROUP);
                MemorySegment packed = fill(arena, 4L * rows * ceil(cols, 8), random, -1L, 0);
                MemorySegment scaleBytes = fill(arena, 2L * rows * groups, random, 0x807F807F807F807FL, 0x3B003B003B003B00L);
                StoredTensor scales = new StoredTensor(name + ".weight_scale", DType.BF16, new long[] {rows, groups}, scaleBytes);
                yield new Int4GroupWeight(name, rows, cols, packed, scales, null, INT4_GROUP);
            }
            default -> throw new IllegalArgumentException("unknown encoding " + encoding);
        };
    }

    /** Bytes a product with {@code w} reads: the values and their scales. */
    static long bytes(WeightTensor w) {
        return switch (w) {
            case DenseWeight d -> d.data().byteSize();
            case Fp8BlockWeight f -> f.values().byteSize() + f.scales().byteSize();
            case Int4GroupWeight i -> i.packed().byteSize() + i.scales().data().byteSize();
        };
    }

    /**
     * Random FP8 codes with exponents 1 to 14: no NaN, and no subnormal codes, which real
     * block-scaled weights almost never hold (values below 2^−6/448 of their block's maximum).
     */
    private static MemorySegment fp8Codes(Arena arena, long bytes, SplittableRandom random) {
        MemorySegment segment = arena.allocate(bytes, 64);
        for (long i = 0; i < bytes; i++) {
            int exponent = 1 + random.nextInt(14);
            segment.set(ValueLayout.JAVA_BYTE, i, (byte) (random.nextInt(2) << 7 | exponent << 3 | random.nextInt(8)));
        }
        return segment;
    }

    /** Random words, each {@code (bits & keep) | set}. */
    private static MemorySegment fill(Arena arena, long bytes, SplittableRandom random, long keep, long set) {
        MemorySegment segment = arena.allocate(bytes, 64);
        long words = bytes / 8;
        for (long i = 0; i < words; i++) {
            segment.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, (random.nextLong() & keep) | set);
        }
        for (long i = words * 8; i < bytes; i++) {
            segment.set(ValueLayout.JAVA_BYTE, i, (byte) ((random.nextInt() & keep) | set));
        }
        return segment;
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }
}
