package dev.latte.backend;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latte.model.WeightEncoding;
import org.junit.jupiter.api.Test;

class OperandChecksTest {
    /** DeepSeek-V3's MLA widths on 2 heads: kv_b_proj is 2·(128+128) × 512, cache rows 512 + 64. */
    private static final AttentionShape SHAPE = new AttentionShape(2, 128, 64, 128, 512, 0.1f);

    private record Matrix(int rows, int cols) implements Activations {
        @Override
        public void close() {
        }
    }

    private record Tensor(String name, int rows, int cols) implements Weight {
        @Override
        public WeightEncoding encoding() {
            return WeightEncoding.F32;
        }
    }

    private record Cache(int capacity, int latentRank, int ropeDim) implements LatentCache {
        @Override
        public void close() {
        }
    }

    @Test
    void shapeMismatchNamesTheOperandAndBothShapes() {
        assertThatCode(() -> OperandChecks.requireShape(new Matrix(3, 7), 3, 7, "add delta")).doesNotThrowAnyException();
        assertThatThrownBy(() -> OperandChecks.requireShape(new Matrix(3, 7), 3, 8, "add delta"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("add delta is 3 × 7, expected 3 × 8");
    }

    @Test
    void hostValuesMustFillTheActivationsExactly() {
        assertThatCode(() -> OperandChecks.requireHostValues(new float[6], new Matrix(2, 3))).doesNotThrowAnyException();
        assertThatThrownBy(() -> OperandChecks.requireHostValues(new float[5], new Matrix(2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("5 values for 2 × 3 activations");
    }

    @Test
    void tokenIdsMustBeRowsOfTheTable() {
        Tensor table = new Tensor("embed_tokens", 50, 16);
        assertThatCode(() -> OperandChecks.requireTokenIds(new int[] {0, 49}, table)).doesNotThrowAnyException();
        assertThatThrownBy(() -> OperandChecks.requireTokenIds(new int[] {0, 50}, table))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token 50 outside");
        assertThatThrownBy(() -> OperandChecks.requireTokenIds(new int[] {-1}, table))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token -1 outside");
    }

    @Test
    void attentionOperandsMustHaveTheShapesWidths() {
        Tensor kvUp = new Tensor("kv_b_proj", 512, 512);
        Cache cache = new Cache(16, 512, 64);
        assertThatCode(() -> OperandChecks.requireAttentionOperands(SHAPE, kvUp, cache)).doesNotThrowAnyException();
        assertThatThrownBy(() -> OperandChecks.requireAttentionOperands(SHAPE, new Tensor("kv_b_proj", 512, 256), cache))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("kv_b_proj is 512 × 256, expected 512 × 512");
        assertThatThrownBy(() -> OperandChecks.requireAttentionOperands(SHAPE, kvUp, new Cache(16, 512, 32)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512 + 32").hasMessageContaining("512 + 64");
    }
}
