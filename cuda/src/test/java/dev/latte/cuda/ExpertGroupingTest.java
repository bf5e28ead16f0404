package dev.latte.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latte.backend.Routing;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The host-side grouping of routed (token, k) slots by expert that the grouped expert kernels read. */
class ExpertGroupingTest {

    @Test
    void everySlotIsListedOnceUnderItsExpertInExpertOrder() {
        Random random = new Random(7);
        int tokens = 37;
        int topK = 6;
        int experts = 64;
        int[] ids = new int[tokens * topK];
        for (int t = 0; t < tokens; t++) {
            Set<Integer> chosen = new HashSet<>();
            for (int k = 0; k < topK; k++) {
                int e;
                do {
                    e = random.nextInt(experts);
                } while (!chosen.add(e));
                ids[t * topK + k] = e;
            }
        }
        Routing routing = new Routing(tokens, topK, ids, new float[tokens * topK]);

        GroupedExperts.Grouping grouping = GroupedExperts.Grouping.of(routing, experts);

        Map<Integer, Integer> counts = new HashMap<>();
        for (int id : ids) {
            counts.merge(id, 1, Integer::sum);
        }
        assertThat(grouping.active()).isSorted().hasSize(counts.size());
        assertThat(grouping.offsets()[0]).isZero();
        assertThat(grouping.offsets()[grouping.active().length]).isEqualTo(tokens * topK);
        assertThat(grouping.mostTokens()).isEqualTo(counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow());
        Set<Integer> seen = new HashSet<>();
        for (int a = 0; a < grouping.active().length; a++) {
            int expert = grouping.active()[a];
            assertThat(grouping.offsets()[a + 1] - grouping.offsets()[a]).isEqualTo(counts.get(expert));
            for (int i = grouping.offsets()[a]; i < grouping.offsets()[a + 1]; i++) {
                int slot = grouping.slots()[i];
                assertThat(ids[slot]).isEqualTo(expert);
                assertThat(grouping.slotTokens()[i]).isEqualTo(slot / topK);
                assertThat(seen.add(slot)).isTrue();
            }
        }
        assertThat(seen).hasSize(tokens * topK);
    }

    @Test
    void aDecodeStepGivesEveryActiveExpertOneSlot() {
        Routing routing = new Routing(1, 3, new int[] {5, 2, 9}, new float[] {0.5f, 0.3f, 0.2f});

        GroupedExperts.Grouping grouping = GroupedExperts.Grouping.of(routing, 16);

        assertThat(grouping.active()).containsExactly(2, 5, 9);
        assertThat(grouping.slots()).containsExactly(1, 0, 2);
        assertThat(grouping.mostTokens()).isEqualTo(1);
    }

    @Test
    void anExpertOutsideTheLayerIsNamed() {
        Routing routing = new Routing(1, 2, new int[] {1, 16}, new float[2]);

        assertThatThrownBy(() -> GroupedExperts.Grouping.of(routing, 16))
                .hasMessageContaining("routing names expert 16 of 16");
    }
}
