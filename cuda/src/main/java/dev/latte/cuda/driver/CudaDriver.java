package dev.latte.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Downcalls to the CUDA driver API ({@code libcuda.so.1}) through the FFM API: no JNI, no CUDA
 * runtime library. Every call checks its {@code CUresult} and throws a {@link CudaException} naming
 * the function and the error. Uses the {@code _v2} entry points that {@code cuda.h} maps the plain
 * names to.
 *
 * <p>The library is opened on first use ({@link #get()}); a machine without it gets a
 * {@link CudaUnavailableException} saying so, never a crash. Handles ({@code CUcontext},
 * {@code CUstream}, ...) are {@link MemorySegment} addresses; device pointers are {@code long}.
 */
public final class CudaDriver {
    /** The driver library's name, as the NVIDIA driver installs it. */
    public static final String LIBRARY = "libcuda.so.1";

    /** {@code CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT}. */
    public static final int ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    /** {@code CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE} (kHz). */
    public static final int ATTRIBUTE_MEMORY_CLOCK_RATE = 36;
    /** {@code CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH} (bits). */
    public static final int ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH = 37;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR}. */
    public static final int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR}. */
    public static final int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    /** {@code CU_STREAM_NON_BLOCKING}. */
    public static final int STREAM_NON_BLOCKING = 1;
    /** {@code CU_STREAM_CAPTURE_MODE_THREAD_LOCAL}. */
    public static final int CAPTURE_MODE_THREAD_LOCAL = 1;

    private static final FunctionDescriptor RESULT_INT = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor RESULT_ADDRESS = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor RESULT_ADDRESS_ADDRESS = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);

    private static volatile CudaDriver shared;
    private static volatile CudaUnavailableException sharedFailure;

    private final NativeLibrary library;
    private final MethodHandle cuInit, cuDriverGetVersion, cuGetErrorName, cuGetErrorString;
    private final MethodHandle cuDeviceGetCount, cuDeviceGet, cuDeviceGetAttribute, cuDeviceGetName, cuDeviceTotalMem;
    private final MethodHandle cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease, cuCtxSetCurrent, cuCtxSynchronize;
    private final MethodHandle cuMemAlloc, cuMemFree, cuMemGetInfo;
    private final MethodHandle cuMemcpyHtoDAsync, cuMemcpyDtoHAsync, cuMemcpyDtoDAsync, cuMemsetD32Async;
    private final MethodHandle cuStreamCreate, cuStreamSynchronize, cuStreamDestroy;
    private final MethodHandle cuEventCreate, cuEventRecord, cuEventSynchronize, cuEventElapsedTime, cuEventDestroy;
    private final MethodHandle cuModuleLoadData, cuModuleGetFunction, cuModuleUnload, cuLaunchKernel;
    private final MethodHandle cuStreamBeginCapture, cuStreamEndCapture, cuGraphInstantiate, cuGraphLaunch;
    private final MethodHandle cuGraphDestroy, cuGraphExecDestroy;

    private CudaDriver(NativeLibrary library) {
        this.library = library;
        cuInit = library.function(RESULT_INT, "cuInit");
        cuDriverGetVersion = library.function(RESULT_ADDRESS, "cuDriverGetVersion");
        cuGetErrorName = library.function(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cuGetErrorName");
        cuGetErrorString = library.function(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cuGetErrorString");
        cuDeviceGetCount = library.function(RESULT_ADDRESS, "cuDeviceGetCount");
        cuDeviceGet = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuDeviceGet");
        cuDeviceGetAttribute = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                "cuDeviceGetAttribute");
        cuDeviceGetName = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), "cuDeviceGetName");
        cuDeviceTotalMem = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuDeviceTotalMem_v2");
        cuDevicePrimaryCtxRetain = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                "cuDevicePrimaryCtxRetain");
        cuDevicePrimaryCtxRelease = library.function(RESULT_INT, "cuDevicePrimaryCtxRelease_v2");
        cuCtxSetCurrent = library.function(RESULT_ADDRESS, "cuCtxSetCurrent");
        cuCtxSynchronize = library.function(FunctionDescriptor.of(JAVA_INT), "cuCtxSynchronize");
        cuMemAlloc = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), "cuMemAlloc_v2");
        cuMemFree = library.function(FunctionDescriptor.of(JAVA_INT, JAVA_LONG), "cuMemFree_v2");
        cuMemGetInfo = library.function(RESULT_ADDRESS_ADDRESS, "cuMemGetInfo_v2");
        cuMemcpyHtoDAsync = library.function(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS),
                "cuMemcpyHtoDAsync_v2");
        cuMemcpyDtoHAsync = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS),
                "cuMemcpyDtoHAsync_v2");
        cuMemcpyDtoDAsync = library.function(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS),
                "cuMemcpyDtoDAsync_v2");
        cuMemsetD32Async = library.function(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS),
                "cuMemsetD32Async");
        cuStreamCreate = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuStreamCreate");
        cuStreamSynchronize = library.function(RESULT_ADDRESS, "cuStreamSynchronize");
        cuStreamDestroy = library.function(RESULT_ADDRESS, "cuStreamDestroy_v2");
        cuEventCreate = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuEventCreate");
        cuEventRecord = library.function(RESULT_ADDRESS_ADDRESS, "cuEventRecord");
        cuEventSynchronize = library.function(RESULT_ADDRESS, "cuEventSynchronize");
        cuEventElapsedTime = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS),
                "cuEventElapsedTime_v2", "cuEventElapsedTime");
        cuEventDestroy = library.function(RESULT_ADDRESS, "cuEventDestroy_v2");
        cuModuleLoadData = library.function(RESULT_ADDRESS_ADDRESS, "cuModuleLoadData");
        cuModuleGetFunction = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS),
                "cuModuleGetFunction");
        cuModuleUnload = library.function(RESULT_ADDRESS, "cuModuleUnload");
        cuLaunchKernel = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuLaunchKernel");
        cuStreamBeginCapture = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                "cuStreamBeginCapture_v2");
        cuStreamEndCapture = library.function(RESULT_ADDRESS_ADDRESS, "cuStreamEndCapture");
        cuGraphInstantiate = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG),
                "cuGraphInstantiateWithFlags");
        cuGraphLaunch = library.function(RESULT_ADDRESS_ADDRESS, "cuGraphLaunch");
        cuGraphDestroy = library.function(RESULT_ADDRESS, "cuGraphDestroy");
        cuGraphExecDestroy = library.function(RESULT_ADDRESS, "cuGraphExecDestroy");
    }

    /**
     * The driver, opened and initialised ({@code cuInit}) on first use.
     *
     * @throws CudaUnavailableException when {@code libcuda.so.1} is missing or {@code cuInit} fails
     *                                  (the same exception on every later call)
     */
    public static CudaDriver get() {
        CudaDriver driver = shared;
        if (driver != null) {
            return driver;
        }
        synchronized (CudaDriver.class) {
            if (shared == null && sharedFailure == null) {
                try {
                    shared = open(List.of(LIBRARY));
                } catch (CudaUnavailableException e) {
                    sharedFailure = e;
                } catch (RuntimeException | LinkageError e) {
                    sharedFailure = new CudaUnavailableException("cannot use the CUDA driver: " + e, e);
                }
            }
            if (sharedFailure != null) {
                throw sharedFailure;
            }
            return shared;
        }
    }

    /** Opens and initialises the first loadable library of {@code candidates}; for tests and unusual installs. */
    public static CudaDriver open(List<String> candidates) {
        NativeLibrary library = NativeLibrary.open(candidates,
                "no NVIDIA driver on this machine (install the NVIDIA driver, which provides " + LIBRARY
                        + ", or run on a machine with a GPU)");
        CudaDriver driver = new CudaDriver(library);
        int result = driver.call(driver.cuInit, 0);
        if (result != CudaResult.SUCCESS) {
            throw new CudaUnavailableException("cuInit failed: " + driver.errorName(result) + " (" + result + "): "
                    + driver.errorString(result), null);
        }
        return driver;
    }

    /** The library the bindings were made from. */
    public String libraryName() {
        return library.name();
    }

    /** The driver's CUDA version as {@code 1000·major + 10·minor} (13000 for CUDA 13.0). */
    public int driverVersion() {
        return (int) callForOut(JAVA_INT, "cuDriverGetVersion", cuDriverGetVersion);
    }

    /** Number of CUDA devices. */
    public int deviceCount() {
        return (int) callForOut(JAVA_INT, "cuDeviceGetCount", cuDeviceGetCount);
    }

    /** The {@code CUdevice} of ordinal {@code ordinal}. */
    public int device(int ordinal) {
        return (int) callForOut(JAVA_INT, "cuDeviceGet", cuDeviceGet, ordinal);
    }

    /** {@code cuDeviceGetAttribute(attribute, device)}. */
    public int attribute(int attribute, int device) {
        return (int) callForOut(JAVA_INT, "cuDeviceGetAttribute", cuDeviceGetAttribute, attribute, device);
    }

    /** The device's marketing name, e.g. {@code NVIDIA H100 80GB HBM3}. */
    public String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(256);
            check("cuDeviceGetName", call(cuDeviceGetName, out, 256, device));
            return out.getString(0);
        }
    }

    /** The device's memory in bytes. */
    public long totalMemory(int device) {
        return (long) callForOut(JAVA_LONG, "cuDeviceTotalMem_v2", cuDeviceTotalMem, device);
    }

    /** Free device memory of the current context, in bytes. */
    public long freeMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check("cuMemGetInfo_v2", call(cuMemGetInfo, free, total));
            return free.get(JAVA_LONG, 0);
        }
    }

    /** Retains the device's primary context (the one the CUDA runtime would share). */
    public MemorySegment retainPrimaryContext(int device) {
        return (MemorySegment) callForOut(ADDRESS, "cuDevicePrimaryCtxRetain", cuDevicePrimaryCtxRetain, device);
    }

    /** Releases one retain of the device's primary context. */
    public void releasePrimaryContext(int device) {
        check("cuDevicePrimaryCtxRelease_v2", call(cuDevicePrimaryCtxRelease, device));
    }

    /** Binds {@code context} to the calling thread. */
    public void setCurrentContext(MemorySegment context) {
        check("cuCtxSetCurrent", call(cuCtxSetCurrent, context));
    }

    /** Waits for all work of the current context. */
    public void synchronizeContext() {
        check("cuCtxSynchronize", call(cuCtxSynchronize));
    }

    /** Allocates {@code bytes} of device memory (256-byte aligned). */
    public long allocate(long bytes) {
        return (long) callForOut(JAVA_LONG, "cuMemAlloc_v2", cuMemAlloc, bytes);
    }

    /** Frees device memory from {@link #allocate}. */
    public void free(long pointer) {
        check("cuMemFree_v2", call(cuMemFree, pointer));
    }

    /** Copies {@code bytes} from host memory to the device, ordered on {@code stream}. */
    public void copyToDevice(long destination, MemorySegment source, long bytes, MemorySegment stream) {
        int result;
        try {
            result = (int) cuMemcpyHtoDAsync.invokeExact(destination, source, bytes, stream);
        } catch (Throwable e) {
            throw rethrow(e);
        }
        check("cuMemcpyHtoDAsync_v2", result);
    }

    /** Copies {@code bytes} from the device to host memory, ordered on {@code stream}. */
    public void copyToHost(MemorySegment destination, long source, long bytes, MemorySegment stream) {
        int result;
        try {
            result = (int) cuMemcpyDtoHAsync.invokeExact(destination, source, bytes, stream);
        } catch (Throwable e) {
            throw rethrow(e);
        }
        check("cuMemcpyDtoHAsync_v2", result);
    }

    /** Copies {@code bytes} between device buffers, ordered on {@code stream}. */
    public void copyOnDevice(long destination, long source, long bytes, MemorySegment stream) {
        check("cuMemcpyDtoDAsync_v2", call(cuMemcpyDtoDAsync, destination, source, bytes, stream));
    }

    /** Sets {@code count} 32-bit words to {@code value}, ordered on {@code stream}. */
    public void fill32(long destination, int value, long count, MemorySegment stream) {
        check("cuMemsetD32Async", call(cuMemsetD32Async, destination, value, count, stream));
    }

    /** A new stream ({@link #STREAM_NON_BLOCKING}: not ordered with the legacy default stream). */
    public MemorySegment createStream(int flags) {
        return (MemorySegment) callForOut(ADDRESS, "cuStreamCreate", cuStreamCreate, flags);
    }

    /** Waits until all work queued on {@code stream} has finished. */
    public void synchronizeStream(MemorySegment stream) {
        int result;
        try {
            result = (int) cuStreamSynchronize.invokeExact(stream);
        } catch (Throwable e) {
            throw rethrow(e);
        }
        check("cuStreamSynchronize", result);
    }

    public void destroyStream(MemorySegment stream) {
        check("cuStreamDestroy_v2", call(cuStreamDestroy, stream));
    }

    /** A new event (flags 0: timing enabled). */
    public MemorySegment createEvent(int flags) {
        return (MemorySegment) callForOut(ADDRESS, "cuEventCreate", cuEventCreate, flags);
    }

    public void recordEvent(MemorySegment event, MemorySegment stream) {
        check("cuEventRecord", call(cuEventRecord, event, stream));
    }

    public void synchronizeEvent(MemorySegment event) {
        check("cuEventSynchronize", call(cuEventSynchronize, event));
    }

    /** Milliseconds between two recorded, completed events. */
    public float elapsedMillis(MemorySegment start, MemorySegment end) {
        return (float) callForOut(JAVA_FLOAT, "cuEventElapsedTime", cuEventElapsedTime, start, end);
    }

    public void destroyEvent(MemorySegment event) {
        check("cuEventDestroy_v2", call(cuEventDestroy, event));
    }

    /** Loads a cubin, fatbin or NUL-terminated PTX image into the current context. */
    public MemorySegment loadModule(MemorySegment image) {
        return (MemorySegment) callForOut(ADDRESS, "cuModuleLoadData", cuModuleLoadData, image);
    }

    /** The kernel {@code name} (an {@code extern "C"} symbol) of {@code module}. */
    public MemorySegment function(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuModuleGetFunction(" + name + ")", call(cuModuleGetFunction, out, module, arena.allocateFrom(name)));
            return out.get(ADDRESS, 0);
        }
    }

    public void unloadModule(MemorySegment module) {
        check("cuModuleUnload", call(cuModuleUnload, module));
    }

    /**
     * Queues {@code function} on {@code stream}. {@code parameters} is the {@code void*[]} of pointers
     * to each argument's value (see {@link KernelParameters}); the driver copies the values before
     * returning, so the caller may reuse it at once.
     */
    public void launch(String name, MemorySegment function, int gridX, int gridY, int gridZ, int blockX, int blockY,
                       int blockZ, int sharedBytes, MemorySegment stream, MemorySegment parameters) {
        int result;
        try {
            result = (int) cuLaunchKernel.invokeExact(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes,
                    stream, parameters, MemorySegment.NULL);
        } catch (Throwable e) {
            throw rethrow(e);
        }
        if (result != CudaResult.SUCCESS) {
            check("cuLaunchKernel(" + name + ")", result);
        }
    }

    /** Starts recording the work queued on {@code stream} into a graph instead of running it. */
    public void beginCapture(MemorySegment stream, int mode) {
        check("cuStreamBeginCapture_v2", call(cuStreamBeginCapture, stream, mode));
    }

    /** Ends a capture and returns the recorded {@code CUgraph}. */
    public MemorySegment endCapture(MemorySegment stream) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuStreamEndCapture", call(cuStreamEndCapture, stream, out));
            return out.get(ADDRESS, 0);
        }
    }

    /** An executable {@code CUgraphExec} of {@code graph}. */
    public MemorySegment instantiateGraph(MemorySegment graph) {
        return (MemorySegment) callForOut(ADDRESS, "cuGraphInstantiateWithFlags", cuGraphInstantiate, graph, 0L);
    }

    public void launchGraph(MemorySegment graphExec, MemorySegment stream) {
        check("cuGraphLaunch", call(cuGraphLaunch, graphExec, stream));
    }

    public void destroyGraph(MemorySegment graph) {
        check("cuGraphDestroy", call(cuGraphDestroy, graph));
    }

    public void destroyGraphExec(MemorySegment graphExec) {
        check("cuGraphExecDestroy", call(cuGraphExecDestroy, graphExec));
    }

    /** The driver's name of {@code code} ({@code cuGetErrorName}), or the built-in table's. */
    public String errorName(int code) {
        String name = describe(cuGetErrorName, code);
        return name != null ? name : CudaResult.name(code);
    }

    /** The driver's description of {@code code} ({@code cuGetErrorString}), or {@code null}. */
    public String errorString(int code) {
        return describe(cuGetErrorString, code);
    }

    private String describe(MethodHandle function, int code) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            if (call(function, code, out) != CudaResult.SUCCESS) {
                return null;
            }
            MemorySegment text = out.get(ADDRESS, 0);
            return text.equals(MemorySegment.NULL) ? null : text.reinterpret(1024).getString(0);
        }
    }

    /** Throws a {@link CudaException} naming {@code function} when {@code result} is not success. */
    void check(String function, int result) {
        if (result != CudaResult.SUCCESS) {
            throw new CudaException(function, result, errorName(result), errorString(result));
        }
    }

    /**
     * Calls {@code handle(out, arguments...)} with a fresh out-parameter {@code out} of {@code layout},
     * checks the result and returns the value the driver wrote to {@code out}.
     */
    private Object callForOut(ValueLayout layout, String function, MethodHandle handle, Object... arguments) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(layout);
            Object[] outThenArguments = new Object[arguments.length + 1];
            outThenArguments[0] = out;
            System.arraycopy(arguments, 0, outThenArguments, 1, arguments.length);
            check(function, call(handle, outThenArguments));
            return layout.varHandle().get(out, 0L);
        }
    }

    /** A call off the hot path (boxing is fine there); launches and copies use {@code invokeExact}. */
    private static int call(MethodHandle handle, Object... arguments) {
        try {
            return (int) handle.invokeWithArguments(arguments);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(e);
    }
}
