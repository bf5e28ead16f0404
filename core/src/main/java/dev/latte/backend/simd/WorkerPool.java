package dev.latte.backend.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run one parallel-for at a time over an index range
 * (typically the output rows of a matrix). The calling thread works as worker 0, so a pool of
 * {@code n} threads starts {@code n − 1} of its own, once, at construction.
 *
 * <p>Dispatch allocates nothing: the caller passes a reusable {@link RangeTask}, chunks of
 * {@code grain} indices are claimed from one atomic counter (which also balances load when the
 * cores are shared with other processes), and waiting threads spin briefly before they park,
 * because the ops of one decode step follow each other within microseconds.
 *
 * <p>Not thread-safe for callers and not reentrant: one thread dispatches at a time (the thread
 * that runs the model), and a task must not call {@link #parallelFor} itself. {@link #close()}
 * stops the workers.
 */
public final class WorkerPool implements AutoCloseable {

    /** Work over a sub-range {@code [start, end)} of the indices, run by worker {@code worker}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int worker, int start, int end);
    }

    private static final long SPIN_NANOS = 50_000;

    private final Thread[] workers;
    private final AtomicIntegerArray sleeping;
    /**
     * The generation of the current parallel-for in the high 32 bits, its number of unclaimed chunks
     * in the low 32 (chunks are claimed from the last down). Keeping both in one word lets a claim
     * check both at once, without reading fields the next call may already have overwritten.
     */
    private final AtomicLong cursor = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile boolean callerSleeping;
    private volatile Throwable failure;
    private Thread caller;
    private RangeTask task;
    private int count;
    private int grain;
    private int chunks;

    /** Starts a pool of {@code threads} threads in total, the dispatching thread included. */
    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a worker pool needs at least one thread, got " + threads);
        }
        workers = new Thread[threads - 1];
        sleeping = new AtomicIntegerArray(threads);
        for (int i = 0; i < workers.length; i++) {
            int worker = i + 1;
            workers[i] = Thread.ofPlatform().daemon().name("latte-worker-" + worker).unstarted(() -> work(worker));
            workers[i].start();
        }
    }

    /** A pool with one thread per available processor. */
    public static WorkerPool ofAvailableProcessors() {
        return new WorkerPool(Runtime.getRuntime().availableProcessors());
    }

    /** Number of threads that run tasks, the dispatching thread included. */
    public int threads() {
        return workers.length + 1;
    }

    /**
     * Runs {@code task} over {@code [0, count)} in chunks of at most {@code grain} indices and
     * returns when all chunks are done. An exception thrown by the task is rethrown here.
     *
     * <p>The caller waits for chunks, not for workers: a worker the operating system has not
     * scheduled yet finds nothing left to claim, so a busy machine slows a call down at worst to
     * the caller's own pace.
     */
    public void parallelFor(int count, int grain, RangeTask task) {
        if (closed) {
            throw new IllegalStateException("the worker pool is closed");
        }
        if (count <= 0) {
            return;
        }
        grain = Math.max(1, grain);
        if (workers.length == 0 || count <= grain) {
            task.run(0, 0, count);
            return;
        }
        this.task = task;
        this.count = count;
        this.grain = grain;
        this.chunks = (count + grain - 1) / grain;
        this.caller = Thread.currentThread();
        failure = null;
        done.set(0);
        int next = generation + 1;
        cursor.set((long) next << 32 | chunks);
        generation = next;
        for (int i = 0; i < workers.length; i++) {
            if (sleeping.get(i + 1) != 0) {
                LockSupport.unpark(workers[i]);
            }
        }
        runChunks(0, next);
        awaitChunks();
        this.task = null;
        Throwable thrown = failure;
        if (thrown != null) {
            failure = null;
            if (thrown instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(thrown);
        }
    }

    /**
     * Claims and runs chunks of parallel-for {@code gen} until none is left. A claim succeeds only
     * while {@code gen} is still the current one, so a late worker never runs a chunk against the
     * fields of the next call.
     */
    private void runChunks(int worker, int gen) {
        while (true) {
            long claimed = cursor.get();
            int unclaimed = (int) claimed;
            if ((int) (claimed >>> 32) != gen || unclaimed == 0) {
                return;
            }
            if (!cursor.compareAndSet(claimed, claimed - 1)) {
                continue;
            }
            int chunk = unclaimed - 1;
            try {
                int start = chunk * grain;
                task.run(worker, start, Math.min(count, start + grain));
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (done.incrementAndGet() == chunks && callerSleeping) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    private void work(int worker) {
        int seen = 0;
        while (true) {
            seen = awaitGeneration(worker, seen);
            if (closed) {
                return;
            }
            runChunks(worker, seen);
        }
    }

    private int awaitGeneration(int worker, int seen) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (generation == seen && !closed) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
                continue;
            }
            // Publish "asleep" before the last check; the dispatcher bumps the generation before
            // reading the flag, so one of the two always sees the other.
            sleeping.set(worker, 1);
            if (generation == seen && !closed) {
                LockSupport.park(this);
            }
            sleeping.set(worker, 0);
        }
        return generation;
    }

    private void awaitChunks() {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (done.get() != chunks) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
                continue;
            }
            callerSleeping = true;
            if (done.get() != chunks) {
                LockSupport.park(this);
            }
            callerSleeping = false;
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
