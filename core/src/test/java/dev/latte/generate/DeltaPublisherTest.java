package dev.latte.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeltaPublisherTest {

    @Test
    void deliversOnlyWhatWasRequestedThenCompletes() throws InterruptedException {
        AtomicInteger produced = new AtomicInteger();
        DeltaPublisher<String> publisher = new DeltaPublisher<>(emitter -> {
            for (String item : List.of("a", "b", "c")) {
                emitter.emit(item);
                produced.incrementAndGet();
            }
        });
        Recorder recorder = new Recorder();
        publisher.subscribe(recorder);
        recorder.subscription.request(1);
        recorder.awaitItems(1);
        Thread.sleep(100);
        // The producer waits for demand: it cannot have gone past the second item.
        assertThat(recorder.items).containsExactly("a");
        assertThat(produced.get()).isLessThanOrEqualTo(1);
        recorder.subscription.request(Long.MAX_VALUE);
        assertThat(recorder.done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.items).containsExactly("a", "b", "c");
        assertThat(recorder.completed).isTrue();
        assertThat(recorder.error).isNull();
    }

    @Test
    void cancellingTellsTheProducerAndStopsTheSignals() throws InterruptedException {
        CountDownLatch producerSawCancel = new CountDownLatch(1);
        DeltaPublisher<Integer> publisher = new DeltaPublisher<>(emitter -> {
            for (int i = 0; !emitter.isCancelled(); i++) {
                emitter.emit(i);
            }
            producerSawCancel.countDown();
        });
        Recorder recorder = new Recorder() {
            @Override
            public void onNext(Object item) {
                super.onNext(item);
                if (items.size() == 3) {
                    subscription.cancel();
                }
            }
        };
        publisher.subscribe(recorder);
        recorder.subscription.request(Long.MAX_VALUE);
        assertThat(producerSawCancel.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.items).hasSize(3);
        assertThat(recorder.completed).isFalse();
    }

    @Test
    void aFailingProducerSignalsItsError() throws InterruptedException {
        DeltaPublisher<String> publisher = new DeltaPublisher<>(emitter -> {
            emitter.emit("x");
            throw new IllegalStateException("backend failed");
        });
        Recorder recorder = new Recorder();
        publisher.subscribe(recorder);
        recorder.subscription.request(10);
        assertThat(recorder.done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.items).containsExactly("x");
        assertThat(recorder.error).hasMessage("backend failed");
    }

    @Test
    void aNonPositiveRequestIsAnError() throws InterruptedException {
        AtomicBoolean emitted = new AtomicBoolean();
        DeltaPublisher<String> publisher = new DeltaPublisher<>(emitter -> {
            emitter.emit("never");
            emitted.set(true);
        });
        Recorder recorder = new Recorder();
        publisher.subscribe(recorder);
        recorder.subscription.request(0);
        assertThat(recorder.done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.error).isInstanceOf(IllegalArgumentException.class);
        assertThat(recorder.items).isEmpty();
    }

    private static class Recorder implements Flow.Subscriber<Object> {
        final List<Object> items = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        volatile Flow.Subscription subscription;
        volatile boolean completed;
        volatile Throwable error;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onNext(Object item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            done.countDown();
        }

        @Override
        public void onComplete() {
            completed = true;
            done.countDown();
        }

        void awaitItems(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (items.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
    }
}
