package dev.latte.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.backend.Backend;
import dev.latte.model.Checkpoint;
import java.util.function.Supplier;

/**
 * Runs every fixture checkpoint on a backend and checks it against DeepSeek's reference outputs:
 * the logits of every prompt position from one prefill within {@link #LOGIT_TOLERANCE} max-abs,
 * and the greedy continuation, decoded one token at a time through the latent cache, identical.
 * Every backend's tests call {@link #assertMatchesReference}.
 */
public final class BackendConformance {
    /** Max-abs logit difference allowed (the reference values are rounded to 5 decimals). */
    public static final float LOGIT_TOLERANCE = 1e-3f;

    private BackendConformance() {
    }

    /** Checks every fixture in {@link ModelFixtures#NAMES}, each on a fresh backend from {@code backends}. */
    public static void assertMatchesReference(Supplier<Backend> backends) {
        for (String name : ModelFixtures.NAMES) {
            assertMatchesReference(name, backends.get());
        }
    }

    /** Checks fixture {@code name} on {@code backend}, which this closes. */
    public static void assertMatchesReference(String name, Backend backend) {
        try (Transformer model = Transformer.load(Checkpoint.open(ModelFixtures.folder(name)), backend)) {
            for (ModelFixtures.Case c : ModelFixtures.expected(name)) {
                try (Session session = model.newSession(c.promptIds().length + c.greedy().length)) {
                    float[][] logits = model.prefillAll(session, c.promptIds());
                    assertThat(maxAbsDifference(logits, c.logits()))
                            .as("%s on %s: max |logit − reference| over %d positions", name, backend.name(), logits.length)
                            .isLessThanOrEqualTo(LOGIT_TOLERANCE);
                    int[] greedy = new int[c.greedy().length];
                    float[] last = logits[logits.length - 1];
                    for (int i = 0; i < greedy.length; i++) {
                        greedy[i] = argmax(last);
                        if (i + 1 < greedy.length) {
                            last = model.decode(session, greedy[i]);
                        }
                    }
                    assertThat(greedy).as("%s on %s: greedy continuation", name, backend.name()).containsExactly(c.greedy());
                }
            }
        }
    }

    /** The largest {@code |a[i][j] − b[i][j]|}; the shapes must agree. */
    public static float maxAbsDifference(float[][] a, float[][] b) {
        assertThat(a.length).as("rows").isEqualTo(b.length);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i].length).as("columns of row %d", i).isEqualTo(b[i].length);
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    /** Index of the largest value, the lowest among equals. */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
