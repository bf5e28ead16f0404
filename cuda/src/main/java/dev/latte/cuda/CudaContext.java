package dev.latte.cuda;

import dev.latte.cuda.driver.CudaDriver;
import dev.latte.cuda.driver.KernelParameters;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GPU's primary context with the stream all of Latte's work on it is queued on, and Latte's
 * kernels loaded into it. Work is ordered by the stream; {@link #synchronize()} waits for it.
 * Used by one thread at a time (the context is bound to whichever thread calls it).
 */
public final class CudaContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CudaContext.class);

    private final CudaDriver driver;
    private final CudaDevice device;
    private final MemorySegment context;
    private final MemorySegment stream;
    private final KernelParameters parameters = new KernelParameters();
    private final KernelModules kernels;
    private final List<Long> pendingFrees = new ArrayList<>();
    private Thread boundThread;
    private boolean closed;

    private CudaContext(CudaDriver driver, CudaDevice device) {
        this.driver = driver;
        this.device = device;
        this.context = driver.retainPrimaryContext(device.handle());
        driver.setCurrentContext(context);
        boundThread = Thread.currentThread();
        this.stream = driver.createStream(CudaDriver.STREAM_NON_BLOCKING);
        this.kernels = new KernelModules(driver, device);
        LOG.info("CUDA on {}; kernels: {}", device, kernels.origin());
    }

    /**
     * Opens GPU {@code ordinal}.
     *
     * @throws dev.latte.cuda.driver.CudaUnavailableException without a driver or GPU
     */
    public static CudaContext open(int ordinal) {
        return open(CudaDriver.get(), ordinal);
    }

    /** Opens GPU {@code ordinal} through {@code driver}. */
    public static CudaContext open(CudaDriver driver, int ordinal) {
        int count = driver.deviceCount();
        if (ordinal < 0 || ordinal >= count) {
            throw new IllegalArgumentException("no CUDA device " + ordinal + ": this machine has " + count);
        }
        return new CudaContext(driver, CudaDevice.query(driver, ordinal));
    }

    public CudaDevice device() {
        return device;
    }

    public CudaDriver driver() {
        return driver;
    }

    /** The stream Latte's work is queued on. */
    public MemorySegment stream() {
        return stream;
    }

    /** Binds the context to the calling thread if another thread used it last. */
    public void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("the CUDA context is closed");
        }
        Thread thread = Thread.currentThread();
        if (thread != boundThread) {
            driver.setCurrentContext(context);
            boundThread = thread;
        }
    }

    /** A kernel by its {@code extern "C"} name. */
    public Kernel kernel(String name) {
        return new Kernel(name, kernels.function(name), kernels.signature(name));
    }

    /** New device memory. */
    public DeviceBuffer allocate(long bytes) {
        makeCurrent();
        return new DeviceBuffer(this, bytes);
    }

    /** Frees {@code pointer} once the stream has drained: at the next synchronisation. */
    void release(long pointer) {
        pendingFrees.add(pointer);
    }

    private void freePending() {
        for (long pointer : pendingFrees) {
            driver.free(pointer);
        }
        pendingFrees.clear();
    }

    /** The reusable parameter array, emptied: fill it, then {@link #launch}. */
    public KernelParameters parameters() {
        return parameters.reset();
    }

    /** Queues {@code kernel} with the parameters from {@link #parameters()}. */
    public void launch(Kernel kernel, int gridX, int gridY, int blockX) {
        if (!parameters.matches(kernel.signature())) {
            throw new IllegalStateException(kernel.name() + " takes parameters (" + kernel.signature()
                    + ") but was given (" + parameters.signature() + ")");
        }
        if (gridX == 0 || gridY == 0) {
            return;
        }
        driver.launch(kernel.name(), kernel.function(), gridX, gridY, 1, blockX, 1, 1, 0, stream, parameters.array());
    }

    /** Queues a copy of {@code bytes} host bytes into {@code destination} at byte {@code offset}. */
    public void copyToDevice(MemorySegment source, DeviceBuffer destination, long offset, long bytes) {
        driver.copyToDevice(destination.pointer() + offset, source, bytes, stream);
    }

    /** Copies device bytes to the host and waits for them (and all earlier work). */
    public void copyToHost(DeviceBuffer source, long offset, MemorySegment destination, long bytes) {
        driver.copyToHost(destination, source.pointer() + offset, bytes, stream);
        driver.synchronizeStream(stream);
        freePending();
    }

    /** Waits until all queued work has finished. */
    public void synchronize() {
        makeCurrent();
        driver.synchronizeStream(stream);
        freePending();
    }

    /**
     * Records the work {@code work} queues on this context's stream into a CUDA graph instead of
     * running it; replaying the graph launches all its kernels with one call.
     */
    public CudaGraph capture(Runnable work) {
        makeCurrent();
        driver.beginCapture(stream, CudaDriver.CAPTURE_MODE_THREAD_LOCAL);
        MemorySegment graph;
        try {
            work.run();
        } finally {
            graph = driver.endCapture(stream);
        }
        return new CudaGraph(this, graph, driver.instantiateGraph(graph));
    }

    /** Milliseconds of GPU time {@code work} takes when queued {@code repetitions} times, measured with events. */
    public double timeMillis(Runnable work, int repetitions) {
        makeCurrent();
        MemorySegment start = driver.createEvent(0);
        MemorySegment end = driver.createEvent(0);
        try {
            driver.recordEvent(start, stream);
            for (int i = 0; i < repetitions; i++) {
                work.run();
            }
            driver.recordEvent(end, stream);
            driver.synchronizeEvent(end);
            return driver.elapsedMillis(start, end) / repetitions;
        } finally {
            driver.destroyEvent(start);
            driver.destroyEvent(end);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        synchronize();
        kernels.close();
        driver.destroyStream(stream);
        parameters.close();
        driver.releasePrimaryContext(device.handle());
        closed = true;
    }
}
