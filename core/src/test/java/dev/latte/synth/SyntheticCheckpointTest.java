package dev.latte.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.latte.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticCheckpointTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SyntheticDtype.class)
    void sameSeedWritesByteIdenticalFilesHoweverTheWorkIsSplit(SyntheticDtype dtype) throws IOException {
        SyntheticCheckpoint checkpoint = new SyntheticCheckpoint(ToyShapes.v3(), dtype, 7);
        checkpoint.writeTo(dir.resolve("a"), 1);
        checkpoint.writeTo(dir.resolve("b"), 3, 72);
        new SyntheticCheckpoint(ToyShapes.v3(), dtype, 8).writeTo(dir.resolve("c"), 2);

        assertThat(bytes("a", SyntheticCheckpoint.WEIGHTS_FILE)).isEqualTo(bytes("b", SyntheticCheckpoint.WEIGHTS_FILE));
        assertThat(bytes("a", SyntheticCheckpoint.CONFIG_FILE)).isEqualTo(bytes("b", SyntheticCheckpoint.CONFIG_FILE));
        assertThat(bytes("a", SyntheticCheckpoint.WEIGHTS_FILE)).isNotEqualTo(bytes("c", SyntheticCheckpoint.WEIGHTS_FILE));
    }

    @Test
    void configJsonHoldsTheShapeAndTheQuantizationConfig() throws IOException {
        SyntheticCheckpoint checkpoint = new SyntheticCheckpoint(ToyShapes.v2Lite().withLayers(2), SyntheticDtype.INT4, 0);
        checkpoint.writeTo(dir, 2);

        Map<String, Object> config = Json.parseObject(Files.readString(dir.resolve("config.json")));
        assertThat(config).isEqualTo(Json.parseObject(Json.write(checkpoint.config())));
        assertThat(config).containsEntry("num_hidden_layers", 2L).containsEntry("hidden_size", 256L)
                .containsEntry("n_routed_experts", 8L).containsEntry("q_lora_rank", null)
                .containsEntry("model_type", "deepseek_v2");
        assertThat(Json.write(config.get("quantization_config"))).isEqualTo("{\"quant_method\":\"compressed-tensors\","
                + "\"format\":\"pack-quantized\",\"config_groups\":{\"group_0\":{\"targets\":[\"Linear\"],\"weights\":"
                + "{\"num_bits\":4,\"type\":\"int\",\"symmetric\":true,\"strategy\":\"group\",\"group_size\":32}}},"
                + "\"ignore\":[\"re:.*mlp\\\\.gate$\"]}");
    }

    /** Decoded with the formulas of spec §8, every projection has mean 0 and standard deviation 1/√in. */
    @ParameterizedTest
    @EnumSource(SyntheticDtype.class)
    void decodedProjectionsHaveUnitScaleOutputsAndOtherWeightsTheirOwnScale(SyntheticDtype dtype) throws IOException {
        ModelShape shape = ToyShapes.v3();
        new SyntheticCheckpoint(shape, dtype, 11).writeTo(dir, 2);
        SafetensorsFile file = SafetensorsFile.read(dir.resolve(SyntheticCheckpoint.WEIGHTS_FILE));

        Moments normalised = new Moments();
        for (LogicalWeight weight : WeightInventory.of(shape)) {
            float[] values = decode(file, weight, dtype);
            switch (weight.role()) {
                case PROJECTION, OUTPUT_HEAD -> {
                    for (float v : values) {
                        normalised.add(v * Math.sqrt(weight.columns()));
                    }
                }
                case NORM -> assertAllBetween(values, 0.89f, 1.11f, weight.name()); // 1 ± 0.1 in BF16
                case ROUTER_BIAS -> assertAllBetween(values, -0.1f, 0.1f, weight.name());
                case EMBEDDING, ROUTER -> {
                    Moments moments = new Moments();
                    for (float v : values) {
                        moments.add(v * Math.sqrt(weight.role() == LogicalWeight.Role.ROUTER ? weight.columns() : 1));
                    }
                    // Five standard errors of the estimate from a router's 2048 values.
                    assertThat(moments.standardDeviation()).as(weight.name()).isCloseTo(1, within(0.05));
                }
            }
        }
        assertThat(normalised.mean()).isCloseTo(0, within(0.01));
        assertThat(normalised.standardDeviation()).isCloseTo(1, within(0.03));
    }

    @Test
    void int4RejectsAnInputWidthThatIsNotAMultipleOfTheGroup() {
        ModelShape odd = ToyShapes.v2Lite().with("moe_intermediate_size", 100);
        assertThatThrownBy(() -> new SyntheticCheckpoint(odd, SyntheticDtype.INT4, 0))
                .hasMessageContaining("model.layers.1.mlp.experts.0.down_proj.weight")
                .hasMessageContaining("100 inputs are not a multiple of the group size 32");
    }

    @Test
    void rejectsAnUnknownShapeOrDtypeOrLayerCount() {
        assertThatThrownBy(() -> ModelShape.named("v4")).hasMessageContaining("unknown model shape 'v4'");
        assertThatThrownBy(() -> SyntheticDtype.named("q8")).hasMessageContaining("unknown dtype 'q8'");
        assertThatThrownBy(() -> ModelShape.v2Lite().withLayers(28)).hasMessageContaining("between 1 and 27");
    }

    private static float[] decode(SafetensorsFile file, LogicalWeight weight, SyntheticDtype dtype) {
        String base = weight.name().substring(0, weight.name().length() - "weight".length());
        if (file.header.containsKey(base + "weight_scale_inv")) {
            return decodeFp8(file.bytes(weight.name()), file.bytes(base + "weight_scale_inv"), weight.rows(),
                    weight.columns());
        }
        if (file.header.containsKey(base + "weight_packed")) {
            return decodeInt4(file.bytes(base + "weight_packed"), file.bytes(base + "weight_scale"), weight.rows(),
                    weight.columns());
        }
        assertThat(dtype == SyntheticDtype.BF16 || !weight.isMatrix() || weight.role() == LogicalWeight.Role.ROUTER
                || weight.role() == LogicalWeight.Role.EMBEDDING).as(weight.name() + " left unquantised").isTrue();
        ByteBuffer bytes = file.bytes(weight.name());
        if (file.dtype(weight.name()).equals("F32")) {
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[bytes.remaining() / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xFFFF) << 16);
        }
        return values;
    }

    /** Spec §8.2: {@code W[i][j] = fp8(Wq[i][j]) · S[i/128][j/128]}. */
    private static float[] decodeFp8(ByteBuffer codes, ByteBuffer scales, int rows, int columns) {
        int scaleColumns = (columns + 127) / 128;
        float[] values = new float[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                int code = codes.get(i * columns + j) & 0xFF;
                assertThat(code & 0x7F).as("an E4M3 NaN code").isNotEqualTo(0x7F);
                values[i * columns + j] = e4m3(code) * scales.getFloat(4 * ((i / 128) * scaleColumns + j / 128));
            }
        }
        return values;
    }

    private static float e4m3(int code) {
        int exponent = (code >> 3) & 0xF;
        int mantissa = code & 7;
        double magnitude = exponent == 0 ? mantissa / 8.0 * Math.pow(2, -6) : (1 + mantissa / 8.0) * Math.pow(2, exponent - 7);
        return (float) ((code & 0x80) != 0 ? -magnitude : magnitude);
    }

    /** Spec §8.3: {@code q = ((w >>> 4·(c%8)) & 0xF) − 8}, {@code W[r][c] = q · scale[r][c/32]}. */
    private static float[] decodeInt4(ByteBuffer packed, ByteBuffer scales, int rows, int columns) {
        float[] values = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int word = packed.getInt(4 * (r * (columns / 8) + c / 8));
                int q = ((word >>> (4 * (c % 8))) & 0xF) - 8;
                assertThat(q).as("a symmetric INT4 value").isBetween(-7, 7);
                float scale = Float.intBitsToFloat((scales.getShort(2 * (r * (columns / 32) + c / 32)) & 0xFFFF) << 16);
                values[r * columns + c] = q * scale;
            }
        }
        return values;
    }

    private static void assertAllBetween(float[] values, float low, float high, String name) {
        for (float v : values) {
            assertThat(v).as(name).isBetween(low, high);
        }
    }

    private byte[] bytes(String subdirectory, String file) throws IOException {
        return Files.readAllBytes(dir.resolve(subdirectory).resolve(file));
    }

    /** Running mean and standard deviation in double precision. */
    private static final class Moments {
        private double sum;
        private double sumOfSquares;
        private long count;

        void add(double value) {
            sum += value;
            sumOfSquares += value * value;
            count++;
        }

        double mean() {
            return sum / count;
        }

        double standardDeviation() {
            return Math.sqrt(sumOfSquares / count - mean() * mean());
        }
    }
}
