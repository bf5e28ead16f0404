package dev.latte.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.backend.scalar.ScalarBackend;
import dev.latte.model.Checkpoint;
import dev.latte.nn.Session;
import dev.latte.nn.Transformer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Synthetic checkpoints load with the model's own loader and give usable logits. */
class SyntheticCheckpointLoadTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SyntheticDtype.class)
    void v2LiteAndV3ShapesLoadAndGiveFiniteVariedLogits(SyntheticDtype dtype) throws IOException {
        for (ModelShape shape : new ModelShape[] {ToyShapes.v2Lite(), ToyShapes.v3()}) {
            Path folder = dir.resolve(shape.config().get("model_type") + "-" + dtype);
            SyntheticCheckpoint synthetic = new SyntheticCheckpoint(shape, dtype, 3);
            synthetic.writeTo(folder, 2);

            try (Checkpoint checkpoint = Checkpoint.open(folder)) {
                assertThat(checkpoint.tensors().keySet()).isEqualTo(synthetic.tensors().stream()
                        .map(t -> t.layout().name()).collect(Collectors.toSet()));
            }
            try (Transformer model = Transformer.open(folder, new ScalarBackend())) {
                SplittableRandom random = new SplittableRandom(5);
                Set<Integer> greedy = new HashSet<>();
                for (int prompt = 0; prompt < 4; prompt++) {
                    int[] tokens = random.ints(6, 0, shape.vocabSize()).toArray();
                    try (Session session = model.newSession(8)) {
                        float[] prefill = model.prefill(session, tokens);
                        float[] decode = model.decode(session, argmax(prefill));
                        assertUsable(prefill, folder.getFileName().toString());
                        assertUsable(decode, folder.getFileName().toString());
                        greedy.add(argmax(decode));
                    }
                }
                assertThat(greedy).as("greedy tokens of four random prompts").hasSizeGreaterThan(1);
            }
        }
    }

    /** Finite, and spread like the unit-scale logits the weight scales aim at, not collapsed or exploding. */
    private static void assertUsable(float[] logits, String what) {
        double sum = 0;
        double sumOfSquares = 0;
        for (float v : logits) {
            assertThat(Float.isFinite(v)).as(what).isTrue();
            sum += v;
            sumOfSquares += (double) v * v;
        }
        double mean = sum / logits.length;
        assertThat(Math.sqrt(sumOfSquares / logits.length - mean * mean)).as(what).isBetween(0.3, 3.0);
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
