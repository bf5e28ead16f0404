package dev.latte.synth;

import dev.latte.model.DType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    private static final List<TensorLayout> LAYOUT = List.of(
            TensorLayout.of("model.layers.0.mlp.gate.weight", DType.F32, 2, 3),
            TensorLayout.of("model.norm.weight", DType.BF16, 5),
            TensorLayout.of("x.weight_shape", DType.I32, 2),
            TensorLayout.of("x.weight", DType.F8_E4M3, 3));

    @TempDir
    Path dir;

    /**
     * {@code synth/reference.safetensors} was written by {@code write_safetensors} of
     * {@code oracle/tiny_checkpoint.py}, the writer of the shared model fixtures, from these four
     * tensors and {@code {"format": "pt"}}.
     */
    @Test
    void writesTheSameBytesAsThePythonReferenceWriter() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, LAYOUT, Map.of("format", "pt"))) {
            writer.write("x.weight", 0, ByteBuffer.wrap(new byte[] {0x38, 0x7E, (byte) 0x81}));
            writer.write("x.weight_shape", 0, littleEndian(8).putInt(7).putInt(-1).flip());
            writer.write("model.norm.weight", 0, littleEndian(10)
                    .putShort((short) 0x3F80).putShort((short) 0x4000).putShort((short) 0xBF80)
                    .putShort((short) 0).putShort((short) 0x7F7F).flip());
            // The gate weights in two pieces, the second first: order must not matter.
            writer.write("model.layers.0.mlp.gate.weight", 12, littleEndian(12).putFloat(3).putFloat(4).putFloat(5).flip());
            writer.write("model.layers.0.mlp.gate.weight", 0, littleEndian(12).putFloat(0).putFloat(1).putFloat(2).flip());
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(resource("/synth/reference.safetensors"));
    }

    @Test
    void padsTheHeaderToAMultipleOfEightBytesWithSpaces() {
        for (int nameLength = 1; nameLength <= 9; nameLength++) {
            String name = "w".repeat(nameLength);
            byte[] header = SafetensorsWriter.header(List.of(TensorLayout.of(name, DType.BF16, 3)), Map.of());
            String text = new String(header, StandardCharsets.UTF_8);
            String json = text.stripTrailing();

            assertThat(header.length % 8).isZero();
            assertThat(text.length() - json.length()).isLessThan(8);
            assertThat(json).isEqualTo("{\"" + name + "\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]}}");
        }
    }

    @Test
    void refusesToCloseWithAnIncompleteTensorAndNamesIt() throws IOException {
        SafetensorsWriter writer = SafetensorsWriter.create(dir.resolve("m.safetensors"), LAYOUT, Map.of());
        writer.write("x.weight", 0, ByteBuffer.wrap(new byte[3]));
        assertThatThrownBy(writer::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model.layers.0.mlp.gate.weight")
                .hasMessageContaining("0 of its 24 bytes");
    }

    @Test
    void refusesBytesOutsideTheTensorAndUnknownNames() throws IOException {
        try (SafetensorsWriter writer = SafetensorsWriter.create(dir.resolve("m.safetensors"),
                List.of(TensorLayout.of("x.weight", DType.F8_E4M3, 3)), Map.of())) {
            assertThatThrownBy(() -> writer.write("x.weight", 2, ByteBuffer.wrap(new byte[2])))
                    .hasMessageContaining("[2, 4)").hasMessageContaining("x.weight of 3 bytes");
            assertThatThrownBy(() -> writer.write("y.weight", 0, ByteBuffer.wrap(new byte[1])))
                    .hasMessageContaining("y.weight is not in the header");
            writer.write("x.weight", 0, ByteBuffer.wrap(new byte[3]));
        }
    }

    @Test
    void refusesATensorListedTwice() {
        TensorLayout tensor = TensorLayout.of("x.weight", DType.BF16, 4);
        assertThatThrownBy(() -> SafetensorsWriter.header(List.of(tensor, tensor), Map.of()))
                .hasMessageContaining("x.weight is listed twice");
    }

    private static ByteBuffer littleEndian(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SafetensorsWriterTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return in.readAllBytes();
        }
    }
}
