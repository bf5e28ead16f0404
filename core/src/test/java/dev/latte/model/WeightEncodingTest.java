package dev.latte.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightEncodingTest {

    @Test
    void fp8E4M3DecodesTheSpecValues() {
        assertThat(Fp8E4M3.decode(0x38)).isEqualTo(1.0f);
        assertThat(Fp8E4M3.decode(0x40)).isEqualTo(2.0f);
        assertThat(Fp8E4M3.decode(0xB8)).isEqualTo(-1.0f);
        assertThat(Fp8E4M3.decode(0x7E)).isEqualTo(448f);
        assertThat(Fp8E4M3.decode(0x08)).isEqualTo((float) Math.pow(2, -6));
        assertThat(Fp8E4M3.decode(0x01)).isEqualTo((float) Math.pow(2, -9));
        assertThat(Fp8E4M3.decode(0x7F)).isNaN();
        assertThat(Fp8E4M3.decode(0xFF)).isNaN();
        assertThat(Float.floatToRawIntBits(Fp8E4M3.decode(0x80))).isEqualTo(Float.floatToRawIntBits(-0.0f));
    }

    @Test
    void fp8BlocksUseTheScaleOfTheirPartialBlock() {
        try (Arena arena = Arena.ofConfined()) {
            int rows = 3;
            int cols = 5;
            MemorySegment values = arena.allocate(rows * cols);
            values.fill((byte) 0x38);
            MemorySegment scales = floats(arena, 1f, 2f, 3f, 4f);
            Fp8BlockWeight w = new Fp8BlockWeight("w", rows, cols, values, scales, 2, 3);
            assertThat(w.decodeAll()).containsExactly(
                    1, 1, 1, 2, 2,
                    1, 1, 1, 2, 2,
                    3, 3, 3, 4, 4);
        }
    }

    @Test
    void int4UnpacksLowNibbleFirstWithOptionalZeroPoints() {
        try (Arena arena = Arena.ofConfined()) {
            int rows = 9;
            int cols = 12;
            int groupSize = 4;
            int[][] q = new int[rows][cols];
            int[][] zero = new int[rows][3];
            float[] scale = new float[rows * 3];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    q[r][c] = (r * 7 + c * 3) % 16 - 8;
                }
                for (int g = 0; g < 3; g++) {
                    zero[r][g] = (r + 2 * g) % 16 - 8;
                    scale[r * 3 + g] = 0.25f * (g + 1) + r;
                }
            }
            MemorySegment packed = arena.allocate(rows * 2 * 4L);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    long at = (r * 2L + c / 8) * 4;
                    int word = packed.get(LittleEndian.INT, at);
                    word |= (q[r][c] + 8) << (4 * (c % 8));
                    packed.set(LittleEndian.INT, at, word);
                }
            }
            MemorySegment zeros = arena.allocate(2 * 3 * 4L);
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < 3; g++) {
                    long at = ((r / 8) * 3L + g) * 4;
                    int word = zeros.get(LittleEndian.INT, at) | (zero[r][g] + 8) << (4 * (r % 8));
                    zeros.set(LittleEndian.INT, at, word);
                }
            }
            StoredTensor scales = new StoredTensor("w.weight_scale", DType.F32, new long[] {rows, 3}, floats(arena, scale));

            Int4GroupWeight symmetric = new Int4GroupWeight("w", rows, cols, packed, scales, null, groupSize);
            Int4GroupWeight asymmetric = new Int4GroupWeight("w", rows, cols, packed, scales, zeros, groupSize);
            float[] plain = symmetric.decodeAll();
            float[] shifted = asymmetric.decodeAll();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    float s = scale[r * 3 + c / groupSize];
                    assertThat(plain[r * cols + c]).isEqualTo(q[r][c] * s);
                    assertThat(shifted[r * cols + c]).isEqualTo((q[r][c] - zero[r][c / groupSize]) * s);
                }
            }
        }
    }

    @Test
    void compressedTensorsIgnoreEntriesMatchLikePythonsReMatch() {
        Quantization.PackedInt4 q = new Quantization.PackedInt4(32, true,
                List.of("lm_head", "re:.*self_attn.*", "re:.*mlp\\.(gate|up|down)_proj.*", "re:model\\.layers\\.1\\."));
        assertThat(q.quantizes("lm_head")).isFalse();
        assertThat(q.quantizes("model.layers.3.self_attn.o_proj")).isFalse();
        assertThat(q.quantizes("model.layers.0.mlp.gate_proj")).isFalse();
        assertThat(q.quantizes("model.layers.1.mlp.experts.0.up_proj")).isFalse();
        assertThat(q.quantizes("model.layers.3.mlp.experts.0.up_proj")).isTrue();
        assertThat(q.quantizes("model.layers.3.mlp.shared_experts.up_proj")).isTrue();
        assertThat(q.quantizes("xmodel.layers.1.mlp.experts.0.up_proj")).isTrue();
    }

    private static MemorySegment floats(SegmentAllocator arena, float... values) {
        MemorySegment segment = arena.allocate(values.length * 4L);
        for (int i = 0; i < values.length; i++) {
            segment.set(LittleEndian.FLOAT, i * 4L, values[i]);
        }
        return segment;
    }
}
