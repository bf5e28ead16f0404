package dev.latte.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.model.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each fused kernel against the dequantization formula of its encoding evaluated in double
 * precision, on random weights and shapes with partial vector blocks, partial scale blocks and
 * token counts that are not multiples of the token tile.
 *
 * <p>Tolerance: a float32 dot product of {@code n} terms, each weight decoded exactly or with one
 * rounding, is within {@code (n + 2)·2^−24 · Σ|w·x|} of the exact value (the standard bound for
 * recursive summation; blocked and pairwise orders only do better).
 */
class FusedMatrixTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static WorkerPool pool;
    private static FusedMatmul matmul;
    private final Arena arena = Arena.ofAuto();

    @BeforeAll
    static void startPool() {
        pool = new WorkerPool(3);
        matmul = new FusedMatmul(pool);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    /** A weight matrix and the value of each of its weights by the encoding's formula. */
    private record Case(FusedMatrix matrix, double[] weights) {}

    // Rows and tokens not multiples of the kernels' tiles; with 3 workers, 300 rows go out in chunks
    // of 6, so every chunk ends with rows outside a whole row tile.
    @ParameterizedTest(name = "BF16 [{0} × {1}], {2} tokens")
    @CsvSource({"1, 32, 1", "37, 300, 1", "64, 2048, 5", "130, 1000, 7", "2, 32, 17", "7, 96, 9", "300, 544, 6",
        "203, 2080, 11", "16, 64, 16"})
    void bf16(int rows, int cols, int tokens) {
        Random random = new Random(rows * 31L + cols);
        MemorySegment data = arena.allocate(2L * rows * cols);
        double[] weights = new double[rows * cols];
        for (int i = 0; i < weights.length; i++) {
            int bits = Float.floatToRawIntBits((float) random.nextGaussian()) >>> 16;
            data.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE), 2L * i, (short) bits);
            weights[i] = minifloat(bits, 8, 7);
        }
        check(new Case(new Bf16Matrix(data, rows, cols), weights), tokens, random);
    }

    @ParameterizedTest(name = "F16 [{0} × {1}], {2} tokens")
    @CsvSource({"1, 32, 1", "37, 300, 1", "64, 2048, 5", "130, 1000, 7"})
    void f16(int rows, int cols, int tokens) {
        Random random = new Random(rows * 37L + cols);
        MemorySegment data = arena.allocate(2L * rows * cols);
        double[] weights = new double[rows * cols];
        for (int i = 0; i < weights.length; i++) {
            int bits = random.nextInt(0x10000);
            while (((bits >>> 10) & 0x1F) == 0x1F) {
                bits = random.nextInt(0x10000);
            }
            data.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE), 2L * i, (short) bits);
            weights[i] = minifloat(bits, 5, 10);
        }
        check(new Case(new F16Matrix(data, rows, cols), weights), tokens, random);
    }

    @ParameterizedTest(name = "F32 [{0} × {1}], {2} tokens")
    @CsvSource({"1, 16, 1", "37, 300, 1", "130, 1000, 7"})
    void f32(int rows, int cols, int tokens) {
        Random random = new Random(rows * 41L + cols);
        MemorySegment data = arena.allocate(4L * rows * cols);
        double[] weights = new double[rows * cols];
        for (int i = 0; i < weights.length; i++) {
            float w = (float) random.nextGaussian();
            data.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE), 4L * i, w);
            weights[i] = w;
        }
        check(new Case(new F32Matrix(data, rows, cols), weights), tokens, random);
    }

    // Scales are e^N(logScale, 3): around e^−5 the tiled kernel folds them into its decoding; around
    // e^6 some exceed 2^8 and the kernel keeps them apart. With 3 workers, 250 rows go out in chunks
    // of 5, so row pairs straddle the scale-block boundary at row 128.
    @ParameterizedTest(name = "FP8 block-128 [{0} × {1}], {2} tokens, scales around e^{3}")
    @CsvSource({"1, 64, 1, -5", "37, 300, 1, -5", "576, 512, 2, -5", "130, 1000, 7, -5", "200, 1408, 4, -5",
        "3, 256, 17, -5", "250, 512, 9, -5", "200, 1408, 16, -5", "64, 512, 11, 6", "250, 512, 13, -5", "65, 1408, 12, 6"})
    void fp8(int rows, int cols, int tokens, double logScale) {
        Random random = new Random(rows * 43L + cols);
        check(fp8Case(rows, cols, logScale, random), tokens, random);
    }

    private Case fp8Case(int rows, int cols, double logScale, Random random) {
        MemorySegment data = arena.allocate((long) rows * cols);
        int scaleRows = (rows + 127) / 128;
        int scaleCols = (cols + 127) / 128;
        MemorySegment scales = arena.allocate(4L * scaleRows * scaleCols);
        float[] scale = new float[scaleRows * scaleCols];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = (float) Math.exp(random.nextGaussian() * 3 + logScale);
            scales.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE), 4L * i, scale[i]);
        }
        double[] weights = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int code = random.nextInt(256);
                while ((code & 0x7F) == 0x7F) {
                    code = random.nextInt(256);
                }
                data.set(ValueLayout.JAVA_BYTE, (long) r * cols + c, (byte) code);
                weights[r * cols + c] = e4m3(code) * scale[(r / 128) * scaleCols + c / 128];
            }
        }
        return new Case(new Fp8BlockMatrix(data, scales, 128, 128, rows, cols), weights);
    }

    @ParameterizedTest(name = "INT4 G={3} {4} scales, zero points {5} [{0} × {1}], {2} tokens")
    @CsvSource({
        "1, 128, 1, 32, BF16, false",
        "37, 300, 1, 32, BF16, false",
        "64, 2048, 5, 32, BF16, false",
        "130, 1000, 7, 32, F16, true",
        "19, 1024, 4, 128, F32, true",
        "17, 1024, 3, 256, BF16, false",
        "11, 600, 2, 24, F32, true",
        "9, 512, 13, 32, BF16, false",
        "5, 1024, 16, 128, F16, true",
        "7, 1024, 8, 128, F16, false",
        "6, 256, 6, 64, F32, false",
        "3, 4160, 4, 32, BF16, false",
        "5, 1000, 9, 32, BF16, false",
    })
    void int4(int rows, int cols, int tokens, int groupSize, DType format, boolean asymmetric) {
        Random random = new Random(rows * 47L + cols + groupSize);
        check(int4Case(rows, cols, groupSize, format, asymmetric, random), tokens, random);
    }

    private Case int4Case(int rows, int cols, int groupSize, DType format, boolean asymmetric, Random random) {
        int words = (cols + 7) / 8;
        int groups = (cols + groupSize - 1) / groupSize;
        int[] nibbles = new int[rows * cols];
        MemorySegment packed = arena.allocate(4L * rows * words);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int n = random.nextInt(16);
                nibbles[r * cols + c] = n;
                long at = 4L * (r * words + c / 8);
                int word = packed.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE), at);
                packed.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE), at, word | n << (4 * (c % 8)));
            }
        }
        MemorySegment scales = arena.allocate((long) format.byteSize() * rows * groups);
        double[] scale = new double[rows * groups];
        for (int i = 0; i < scale.length; i++) {
            float value = (float) Math.exp(random.nextGaussian() - 4);
            switch (format) {
                case BF16 -> {
                    int bits = Float.floatToRawIntBits(value) >>> 16;
                    scales.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE), 2L * i, (short) bits);
                    scale[i] = minifloat(bits, 8, 7);
                }
                case F16 -> {
                    short bits = Float.floatToFloat16(value);
                    scales.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE), 2L * i, bits);
                    scale[i] = minifloat(bits & 0xFFFF, 5, 10);
                }
                default -> {
                    scales.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE), 4L * i, value);
                    scale[i] = value;
                }
            }
        }
        int[] zero = new int[rows * groups];
        MemorySegment zeroPoints = null;
        if (asymmetric) {
            zeroPoints = arena.allocate(4L * ((rows + 7) / 8) * groups);
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < groups; g++) {
                    int z = random.nextInt(16);
                    zero[r * groups + g] = z - 8;
                    long at = 4L * ((r / 8) * groups + g);
                    int word = zeroPoints.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE), at);
                    zeroPoints.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE), at, word | z << (4 * (r % 8)));
                }
            }
        }
        double[] weights = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int q = nibbles[r * cols + c] - 8;
                int g = r * groups + c / groupSize;
                weights[r * cols + c] = (q - zero[g]) * scale[g];
            }
        }
        return new Case(new Int4GroupMatrix(packed, scales, format, zeroPoints, groupSize, rows, cols), weights);
    }

    /** {@code Σ_r a_r · W[r]} by row accumulation (the MLA absorb) against the same sum in double. */
    @ParameterizedTest(name = "{0} rows accumulated, [{1} × {2}]")
    @CsvSource({"BF16, 7, 300", "BF16, 3, 64", "F32, 5, 300", "F32, 2, 16"})
    void accumulatedRows(String encoding, int rows, int cols) {
        Random random = new Random(rows * 53L + cols);
        boolean bf16 = encoding.equals("BF16");
        MemorySegment data = arena.allocate((bf16 ? 2L : 4L) * rows * cols);
        double[] weights = new double[rows * cols];
        for (int i = 0; i < weights.length; i++) {
            float value = (float) random.nextGaussian();
            if (bf16) {
                int bits = Float.floatToRawIntBits(value) >>> 16;
                data.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE), 2L * i, (short) bits);
                weights[i] = minifloat(bits, 8, 7);
            } else {
                data.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE), 4L * i, value);
                weights[i] = value;
            }
        }
        checkAccumulated(new Case(bf16 ? new Bf16Matrix(data, rows, cols) : new F32Matrix(data, rows, cols), weights), random);
    }

    /** The MLA absorb through FP8 rows ({@code kv_b_proj} of FP8 checkpoints), scales of several column blocks. */
    @ParameterizedTest(name = "FP8 {0} rows accumulated, [{0} × {1}]")
    @CsvSource({"7, 300", "130, 512", "3, 64"})
    void fp8AccumulatedRows(int rows, int cols) {
        Random random = new Random(rows * 59L + cols);
        checkAccumulated(fp8Case(rows, cols, -5, random), random);
    }

    /** The MLA absorb through INT4 rows, groups narrower and wider than a vector of words, with and without zero points. */
    @ParameterizedTest(name = "INT4 G={2} {3} scales, zero points {4}, {0} rows accumulated, [{0} × {1}]")
    @CsvSource({"7, 300, 32, BF16, false", "130, 512, 32, F16, true", "9, 1024, 256, F32, true", "3, 64, 16, BF16, false"})
    void int4AccumulatedRows(int rows, int cols, int groupSize, DType format, boolean asymmetric) {
        Random random = new Random(rows * 61L + cols + groupSize);
        checkAccumulated(int4Case(rows, cols, groupSize, format, asymmetric, random), random);
    }

    private static void checkAccumulated(Case accumulated, Random random) {
        FusedMatrix matrix = accumulated.matrix();
        double[] weights = accumulated.weights();
        int rows = matrix.rows;
        int cols = matrix.cols;
        assertThat(matrix.accumulatesRows()).isTrue();
        float[] coefficients = new float[rows];
        float[] planar = new float[cols];
        float[] scratch = new float[matrix.scratchFloats()];
        for (int r = 0; r < rows; r++) {
            coefficients[r] = (float) random.nextGaussian();
            matrix.accumulateRow(r, coefficients[r], planar, scratch);
        }
        float[] sum = new float[cols];
        InterleavedActivations.toNatural(planar, cols, matrix.interleave(), sum);
        for (int c = 0; c < cols; c++) {
            double exact = 0;
            double magnitude = 0;
            for (int r = 0; r < rows; r++) {
                exact += coefficients[r] * weights[r * cols + c];
                magnitude += Math.abs(coefficients[r] * weights[r * cols + c]);
            }
            assertThat((double) sum[c]).as("column %d", c)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset((rows + 2) * 0x1p-24 * magnitude + Double.MIN_NORMAL));
        }
    }

    private static void check(Case c, int tokens, Random random) {
        FusedMatrix m = c.matrix();
        float[] x = new float[tokens * m.cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] out = new float[tokens * m.rows];
        matmul.multiply(m, x, tokens, out);
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < m.rows; r++) {
                double exact = 0;
                double magnitude = 0;
                for (int col = 0; col < m.cols; col++) {
                    double term = c.weights()[r * m.cols + col] * x[t * m.cols + col];
                    exact += term;
                    magnitude += Math.abs(term);
                }
                double bound = (m.cols + 2) * 0x1p-24 * magnitude;
                assertThat((double) out[t * m.rows + r])
                        .as("row %d token %d", r, t)
                        .isCloseTo(exact, org.assertj.core.data.Offset.offset(bound + Double.MIN_NORMAL));
            }
        }
    }

    /** An IEEE-style binary float with the given field widths (no NaN/infinity inputs), by its formula. */
    private static double minifloat(int bits, int exponentBits, int mantissaBits) {
        int mantissa = bits & ((1 << mantissaBits) - 1);
        int exponent = (bits >>> mantissaBits) & ((1 << exponentBits) - 1);
        int sign = (bits >>> (mantissaBits + exponentBits)) & 1;
        int bias = (1 << (exponentBits - 1)) - 1;
        double magnitude = exponent == 0
                ? mantissa * Math.pow(2, 1 - bias - mantissaBits)
                : (1 + mantissa / Math.pow(2, mantissaBits)) * Math.pow(2, exponent - bias);
        return sign == 1 ? -magnitude : magnitude;
    }

    /** FP8 E4M3FN by the spec's formula (§8.2): bias 7, no infinities. */
    private static double e4m3(int code) {
        return minifloat(code, 4, 3);
    }

}
