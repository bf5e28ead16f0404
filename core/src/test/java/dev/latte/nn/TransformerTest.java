package dev.latte.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latte.backend.scalar.ScalarBackend;
import dev.latte.model.Checkpoint;
import dev.latte.model.WeightTensor;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TransformerTest {
    /** The 80-token prompt of each fixture: long enough to cross YaRN's original context in the V3 fixtures. */
    private static int[] longPrompt(String fixture) {
        return ModelFixtures.expected(fixture).get(1).promptIds();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 17})
    void prefillInChunksGivesTheLogitsOfOnePrefill(int chunk) {
        for (String fixture : new String[] {"v3-f32", "v2lite-bf16"}) {
            int[] prompt = longPrompt(fixture);
            try (Transformer model = Transformer.open(ModelFixtures.folder(fixture), new ScalarBackend());
                 Session whole = model.newSession(prompt.length);
                 Session chunked = model.newSession(prompt.length)) {
                float[][] expected = model.prefillAll(whole, prompt);
                float[][] actual = new float[prompt.length][];
                for (int start = 0; start < prompt.length; start += chunk) {
                    int[] part = Arrays.copyOfRange(prompt, start, Math.min(prompt.length, start + chunk));
                    float[][] logits = model.prefillAll(chunked, part);
                    System.arraycopy(logits, 0, actual, start, logits.length);
                }
                assertThat(chunked.length()).isEqualTo(prompt.length);
                assertThat(BackendConformance.maxAbsDifference(actual, expected)).as(fixture).isLessThanOrEqualTo(1e-5f);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("dev.latte.nn.ModelFixtures#NAMES")
    void naiveAndAbsorbedAttentionAgree(String fixture) {
        int[] prompt = longPrompt(fixture);
        try (Checkpoint checkpoint = Checkpoint.open(ModelFixtures.folder(fixture));
             ScalarBackend backend = new ScalarBackend()) {
            Transformer absorbed = Transformer.load(checkpoint, backend, AttentionForm.ABSORBED);
            Transformer naive = Transformer.load(checkpoint, backend, AttentionForm.NAIVE);
            try (Session a = absorbed.newSession(prompt.length); Session n = naive.newSession(prompt.length)) {
                float[][] absorbedLogits = absorbed.prefillAll(a, prompt);
                float[][] naiveLogits = naive.prefillAll(n, prompt);
                assertThat(BackendConformance.maxAbsDifference(naiveLogits, absorbedLogits)).isLessThanOrEqualTo(1e-4f);
            }
        }
    }

    @Test
    void aPromptLongerThanTheSessionIsRefusedWithBothNumbersAndLeavesTheSessionUsable() {
        int[] prompt = ModelFixtures.expected("v3-f32").get(0).promptIds();
        try (Transformer model = Transformer.open(ModelFixtures.folder("v3-f32"), new ScalarBackend());
             Session session = model.newSession(prompt.length - 1)) {
            assertThatThrownBy(() -> model.prefill(session, prompt))
                    .isInstanceOfSatisfying(ContextLengthExceededException.class, e -> {
                        assertThat(e.requestedPositions()).isEqualTo(prompt.length);
                        assertThat(e.capacity()).isEqualTo(prompt.length - 1);
                        assertThat(e.getMessage()).contains(String.valueOf(prompt.length), String.valueOf(prompt.length - 1));
                    });
            assertThat(session.length()).isZero();
            float[] logits = model.prefill(session, Arrays.copyOf(prompt, prompt.length - 1));
            assertThat(logits).hasSize(model.config().vocabSize());
            assertThatThrownBy(() -> model.decode(session, 5)).isInstanceOf(ContextLengthExceededException.class);
        }
    }

    @Test
    void tokenIdsOutsideTheVocabularyAreRefused() {
        try (Transformer model = Transformer.open(ModelFixtures.folder("v2group-f32"), new ScalarBackend());
             Session session = model.newSession(8)) {
            assertThatThrownBy(() -> model.prefill(session, new int[] {3, 1024}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
            assertThatThrownBy(() -> model.prefill(session, new int[] {-1}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
            assertThat(session.length()).isZero();
        }
    }

    @Test
    void closingTheModelUnmapsItsWeights() {
        Checkpoint checkpoint = Checkpoint.open(ModelFixtures.folder("v3-fp8"));
        WeightTensor head = checkpoint.linear("lm_head", 1024, 128);
        Transformer model = Transformer.load(checkpoint, new ScalarBackend());
        model.close();
        assertThatThrownBy(() -> head.decodeRow(0, new float[128], 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.newSession(4)).isInstanceOf(IllegalStateException.class);
    }
}
