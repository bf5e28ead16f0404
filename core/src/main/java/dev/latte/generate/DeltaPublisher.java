package dev.latte.generate;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Adapts a producer that pushes items (text deltas) into a {@link Flow.Publisher} with back
 * pressure, for Reactor, Kotlin coroutines, Mutiny and other Reactive Streams libraries.
 *
 * <p>The publisher is cold: each subscriber starts its own run of the producer on the executor.
 * The producing thread waits while the subscriber has no outstanding demand, so a slow subscriber
 * slows the generation instead of filling a buffer. Cancelling the subscription tells the
 * producer, which checks between items. All signals to a subscriber come from the producing
 * thread, in order: items, then {@code onComplete} or {@code onError}.
 */
public final class DeltaPublisher<T> implements Flow.Publisher<T> {

    /** Produces the items of one subscription. */
    @FunctionalInterface
    public interface Producer<T> {
        void produce(Emitter<T> emitter) throws Exception;
    }

    /** What a producer sees of its subscriber. */
    public interface Emitter<T> {
        /** Delivers an item, waiting for demand; does nothing once the subscription is cancelled. */
        void emit(T item);

        /** Whether the subscriber cancelled: the producer should stop soon. */
        boolean isCancelled();
    }

    private final Producer<T> producer;
    private final Executor executor;

    public DeltaPublisher(Producer<T> producer, Executor executor) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Runs each subscription on a virtual thread of its own. */
    public DeltaPublisher(Producer<T> producer) {
        this(producer, runnable -> Thread.ofVirtual().name("latte-stream").start(runnable));
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Subscription<T> subscription = new Subscription<>(subscriber);
        subscriber.onSubscribe(subscription);
        executor.execute(() -> subscription.run(producer));
    }

    private static final class Subscription<T> implements Flow.Subscription, Emitter<T> {
        private final Flow.Subscriber<? super T> subscriber;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition demanded = lock.newCondition();
        private long demand;
        private volatile boolean cancelled;
        private IllegalArgumentException badRequest;

        Subscription(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            lock.lock();
            try {
                if (n <= 0) {
                    // Reactive Streams rule 3.9: signal onError, from the producing thread.
                    badRequest = new IllegalArgumentException("request(n) needs n > 0, got " + n);
                    cancelled = true;
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                demanded.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                cancelled = true;
                demanded.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void emit(T item) {
            lock.lock();
            try {
                while (demand == 0 && !cancelled) {
                    demanded.awaitUninterruptibly();
                }
                if (cancelled) {
                    return;
                }
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
            } finally {
                lock.unlock();
            }
            subscriber.onNext(item);
        }

        void run(Producer<T> producer) {
            Throwable failure = null;
            try {
                producer.produce(this);
            } catch (Throwable e) {
                failure = e;
            }
            IllegalArgumentException rejected;
            lock.lock();
            try {
                rejected = badRequest;
            } finally {
                lock.unlock();
            }
            if (rejected != null) {
                subscriber.onError(rejected);
            } else if (failure != null) {
                if (!cancelled) {
                    subscriber.onError(failure);
                }
            } else if (!cancelled) {
                subscriber.onComplete();
            }
        }
    }
}
