package dev.latte.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerPoolTest {

    /** Back-to-back calls of changing sizes, so late workers of one call meet the next one. */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 4})
    void everyIndexRunsExactlyOnceAcrossManyCalls(int threads) {
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int call = 0; call < 20_000; call++) {
                int count = 1 + call % 97;
                AtomicIntegerArray hits = new AtomicIntegerArray(count);
                pool.parallelFor(count, 1 + call % 5, (worker, start, end) -> {
                    assertThat(worker).isBetween(0, threads - 1);
                    for (int i = start; i < end; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < count; i++) {
                    assertThat(hits.get(i)).as("call %d index %d", call, i).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aSingleThreadPoolRunsOnTheCaller() {
        try (WorkerPool pool = new WorkerPool(1)) {
            Thread caller = Thread.currentThread();
            int[] sum = new int[1];
            pool.parallelFor(10, 3, (worker, start, end) -> {
                assertThat(Thread.currentThread()).isSameAs(caller);
                for (int i = start; i < end; i++) {
                    sum[0] += i;
                }
            });
            assertThat(sum[0]).isEqualTo(45);
        }
    }

    @Test
    void aFailingTaskRethrowsOnTheCallerAndThePoolStaysUsable() {
        try (WorkerPool pool = new WorkerPool(3)) {
            assertThatThrownBy(() -> pool.parallelFor(100, 1, (worker, start, end) -> {
                if (start == 57) {
                    throw new IllegalStateException("chunk 57");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("chunk 57");
            AtomicIntegerArray hits = new AtomicIntegerArray(50);
            pool.parallelFor(50, 2, (worker, start, end) -> {
                for (int i = start; i < end; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 50; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        WorkerPool pool = new WorkerPool(2);
        pool.close();
        assertThatThrownBy(() -> pool.parallelFor(10, 1, (worker, start, end) -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsANonPositiveThreadCount() {
        assertThatThrownBy(() -> new WorkerPool(0)).hasMessageContaining("at least one thread");
    }
}
