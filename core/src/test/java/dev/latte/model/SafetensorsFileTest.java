package dev.latte.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    private SafetensorsFile open(Path file, Arena arena) {
        return SafetensorsFile.open(file, arena);
    }

    private void assertRejected(SafetensorsWriter writer, String... messageParts) {
        Path file = dir.resolve("bad.safetensors");
        writer.write(file);
        assertRejected(file, messageParts);
    }

    private void assertRejected(Path file, String... messageParts) {
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> open(file, arena)).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining(file.toString()).hasMessageContainingAll(messageParts);
        }
    }

    @Test
    void readsTensorsInPlaceFromTheMapping() {
        Path file = dir.resolve("ok.safetensors");
        new SafetensorsWriter()
                .add("a", "F32", new long[] {2, 2}, SafetensorsWriter.floats(1, -2, 3.5f, 4))
                .add("b", "BF16", new long[] {1}, new byte[] {(byte) 0x80, 0x3F})
                .write(file);
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile st = open(file, arena);
            assertThat(st.tensors()).containsOnlyKeys("a", "b");
            assertThat(st.tensors().get("a").getFloat(2)).isEqualTo(3.5f);
            assertThat(st.tensors().get("b").getFloat(0)).isEqualTo(1.0f);
            assertThat(st.tensors().get("a").data().isMapped()).isTrue();
        }
    }

    @Test
    void aFileShorterThanTheHeaderLengthIsRefused() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertRejected(file, "too short");
    }

    @Test
    void aHeaderLengthPastTheEndOfTheFileIsRefused() {
        Path file = dir.resolve("long-header.safetensors");
        SafetensorsWriter.writeRaw(file, "{}", new byte[0]);
        try {
            byte[] bytes = Files.readAllBytes(file);
            bytes[0] = 100;
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertRejected(file, "header length 100", "past the end");
    }

    @Test
    void aHeaderThatIsNotJsonIsRefused() {
        Path file = dir.resolve("garbage.safetensors");
        SafetensorsWriter.writeRaw(file, "{\"a\": [1, 2", new byte[0]);
        assertRejected(file, "not valid JSON");
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path whole = dir.resolve("whole.safetensors");
        new SafetensorsWriter().add("w", "F32", new long[] {4, 4}, new byte[64]).write(whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
        assertRejected(truncated, "tensor w", "not inside the data section");
    }

    @Test
    void offsetsOutsideTheDataAreRefused() {
        assertRejected(new SafetensorsWriter().entry("w", "F32", new long[] {2}, 0, 8).pad(4), "tensor w", "[0, 8]");
        assertRejected(new SafetensorsWriter().entry("w", "F32", new long[] {0}, 4, 2).pad(4), "tensor w", "[4, 2]");
    }

    @Test
    void overlappingTensorsAreRefused() {
        assertRejected(new SafetensorsWriter()
                .entry("first", "F32", new long[] {4}, 0, 16)
                .entry("second", "F32", new long[] {2}, 8, 16)
                .pad(16), "first", "second", "overlap");
    }

    @Test
    void aShapeThatDisagreesWithTheByteLengthIsRefused() {
        assertRejected(new SafetensorsWriter().entry("w", "BF16", new long[] {3, 3}, 0, 16).pad(16),
                "tensor w", "[3, 3]", "needs 18 bytes", "span 16");
    }

    @Test
    void anUnknownDtypeIsRefused() {
        assertRejected(new SafetensorsWriter().entry("w", "F64", new long[] {1}, 0, 8).pad(8), "tensor w", "dtype F64");
    }
}
