package dev.latte.cuda.bench;

import dev.latte.backend.Activations;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.Routing;
import dev.latte.backend.Weight;
import dev.latte.cuda.CudaBackend;
import dev.latte.model.DType;
import dev.latte.model.DenseWeight;
import dev.latte.model.Fp8BlockWeight;
import dev.latte.model.Int4GroupWeight;
import dev.latte.model.StoredTensor;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures the CUDA backend's dequantizing matrix products on the weight shapes of DeepSeek-V2-Lite
 * with synthetic weights, in BF16, FP8 (128×128 block scales) and INT4 (group 32): decode (one
 * token, GEMV) as achieved weight bandwidth and fraction of the GPU's peak, the grouped routed
 * experts (6 of 64) of one MoE layer, and prefill (512 tokens, tiled GEMM) in TFLOP/s. Times are
 * CUDA-event times of many back-to-back launches after a warm-up. Prints Markdown tables.
 *
 * <p>Run on a GPU machine: {@code java --enable-native-access=ALL-UNNAMED -cp 'jars/*'
 * dev.latte.cuda.bench.GemvBandwidth [iterations]}. {@code cuda/bench/torch_matmul.py} times the
 * same shapes with PyTorch for comparison.
 */
public final class GemvBandwidth {
    private static final int PREFILL_TOKENS = 512;

    private GemvBandwidth() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (CudaBackend backend = CudaBackend.open()) {
            double peak = backend.device().peakBandwidth();
            System.out.printf("# GEMV bandwidth on %s%n%n", backend.device());
            System.out.println("| encoding | matrix | rows × cols | decode µs | GB/s | % of peak | prefill 512 TFLOP/s |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (String encoding : List.of("BF16", "FP8", "INT4")) {
                double stepMicros = 0;
                double stepBytes = 0;
                for (MatmulShape shape : MatmulShape.v2Lite()) {
                    String used = shape.name().equals("router") || shape.name().equals("lm_head") ? "BF16" : encoding;
                    WeightTensor stored = synthetic(used, shape.rows(), shape.cols(), shape.hashCode());
                    Weight weight = backend.upload(stored);
                    double micros = decodeMicros(backend, weight, iterations);
                    double bytes = storedBytes(stored) + 4.0 * (shape.rows() + shape.cols());
                    double tflops = prefillTflops(backend, weight, Math.max(3, iterations / 20));
                    System.out.printf(Locale.ROOT, "| %s | %s | %d × %d | %.1f | %.0f | %.0f%% | %.1f |%n", used,
                            shape.name(), shape.rows(), shape.cols(), micros, bytes / micros / 1e3,
                            100 * bytes / (micros * 1e-6) / peak, tflops);
                    stepMicros += micros * shape.perToken();
                    stepBytes += bytes * shape.perToken();
                }
                System.out.printf(Locale.ROOT, "| %s | **V2-Lite decode step, matmuls only** | | %.0f | %.0f | %.0f%% | "
                        + "(%.0f tokens/s) |%n", encoding, stepMicros, stepBytes / stepMicros / 1e3,
                        100 * stepBytes / (stepMicros * 1e-6) / peak, 1e6 / stepMicros);
            }
            System.out.println();
            groupedExperts(backend, iterations, peak);
        }
    }

    private static double decodeMicros(CudaBackend backend, Weight weight, int iterations) {
        try (Activations x = backend.allocate(1, weight.cols()); Activations y = backend.allocate(1, weight.rows())) {
            backend.fromHost(random(weight.cols(), 1), x);
            backend.context().timeMillis(() -> backend.matmul(x, weight, y), 10);
            return 1000 * backend.context().timeMillis(() -> backend.matmul(x, weight, y), iterations);
        }
    }

    private static double prefillTflops(CudaBackend backend, Weight weight, int iterations) {
        try (Activations x = backend.allocate(PREFILL_TOKENS, weight.cols());
             Activations y = backend.allocate(PREFILL_TOKENS, weight.rows())) {
            backend.fromHost(random(PREFILL_TOKENS * weight.cols(), 2), x);
            backend.context().timeMillis(() -> backend.matmul(x, weight, y), 1);
            double millis = backend.context().timeMillis(() -> backend.matmul(x, weight, y), iterations);
            return 2.0 * PREFILL_TOKENS * weight.rows() * weight.cols() / (millis * 1e-3) / 1e12;
        }
    }

    /** One V2-Lite MoE layer's routed experts for one token: 6 of 64, gate/up 1408 × 2048, down 2048 × 1408. */
    private static void groupedExperts(CudaBackend backend, int iterations, double peak) {
        System.out.println("| encoding | routed experts, 1 token, 6 of 64 | µs | GB/s | % of peak |");
        System.out.println("|---|---|---|---|---|");
        for (String encoding : List.of("BF16", "FP8", "INT4")) {
            List<ExpertWeights> experts = new ArrayList<>();
            double bytesPerExpert = 0;
            for (int e = 0; e < 64; e++) {
                WeightTensor gate = synthetic(encoding, 1408, 2048, 3 * e);
                WeightTensor up = synthetic(encoding, 1408, 2048, 3 * e + 1);
                WeightTensor down = synthetic(encoding, 2048, 1408, 3 * e + 2);
                bytesPerExpert = storedBytes(gate) + storedBytes(up) + storedBytes(down);
                experts.add(new ExpertWeights(backend.upload(gate), backend.upload(up), backend.upload(down)));
            }
            Routing routing = new Routing(1, 6, new int[] {3, 17, 22, 40, 51, 63}, new float[] {.3f, .2f, .2f, .1f, .1f, .1f});
            try (Activations x = backend.allocate(1, 2048); Activations y = backend.allocate(1, 2048)) {
                backend.fromHost(random(2048, 3), x);
                backend.context().timeMillis(() -> backend.routedExperts(x, experts, routing, y), 10);
                double micros = 1000 * backend.context().timeMillis(() -> backend.routedExperts(x, experts, routing, y),
                        iterations);
                double bytes = 6 * bytesPerExpert;
                System.out.printf(Locale.ROOT, "| %s | 3 kernels | %.1f | %.0f | %.0f%% |%n", encoding, micros,
                        bytes / micros / 1e3, 100 * bytes / (micros * 1e-6) / peak);
            }
        }
    }

    static WeightTensor synthetic(String encoding, int rows, int cols, long seed) {
        Random random = new Random(seed);
        return switch (encoding) {
            case "BF16" -> {
                byte[] bytes = new byte[2 * rows * cols];
                random.nextBytes(bytes);
                for (int i = 1; i < bytes.length; i += 2) {
                    bytes[i] = (byte) ((bytes[i] & 0x80) | 0x3C | (bytes[i] & 0x01)); // |w| in [2^-7, 2^-5)
                }
                yield new DenseWeight("w", WeightEncoding.BF16, rows, cols, MemorySegment.ofArray(bytes));
            }
            case "FP8" -> {
                byte[] bytes = new byte[rows * cols];
                random.nextBytes(bytes);
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (bytes[i] & 0xBF); // never the NaN codes 0x7F/0xFF
                }
                int scaleCount = ((rows + 127) / 128) * ((cols + 127) / 128);
                MemorySegment scales = MemorySegment.ofArray(new float[scaleCount]);
                for (int i = 0; i < scaleCount; i++) {
                    scales.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, 1e-3f);
                }
                yield new Fp8BlockWeight("w", rows, cols, MemorySegment.ofArray(bytes), scales, 128, 128);
            }
            case "INT4" -> {
                int[] words = new int[rows * ((cols + 7) / 8)];
                for (int i = 0; i < words.length; i++) {
                    words[i] = random.nextInt();
                }
                int groups = (cols + 31) / 32;
                short[] scales = new short[rows * groups];
                java.util.Arrays.fill(scales, (short) 0x3C23); // bf16 ≈ 0.01
                StoredTensor scaleTensor = new StoredTensor("w_scale", DType.BF16, new long[] {rows, groups},
                        MemorySegment.ofArray(scales));
                yield new Int4GroupWeight("w", rows, cols, MemorySegment.ofArray(words), scaleTensor, null, 32);
            }
            default -> throw new IllegalArgumentException("encoding " + encoding + " (BF16, FP8 or INT4)");
        };
    }

    static double storedBytes(WeightTensor stored) {
        return switch (stored) {
            case DenseWeight dense -> dense.data().byteSize();
            case Fp8BlockWeight fp8 -> fp8.values().byteSize() + fp8.scales().byteSize();
            case Int4GroupWeight int4 -> int4.packed().byteSize() + int4.scales().data().byteSize();
        };
    }

    private static float[] random(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }
}
