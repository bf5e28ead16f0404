package dev.latte.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run-time compilation of CUDA C with NVRTC ({@code libnvrtc}) through FFM, the fallback when the
 * build had no {@code nvcc} and so shipped no compiled kernels. Compiles straight to a cubin for the
 * device's architecture.
 *
 * <p>The library is found as {@code libnvrtc.so.13}, {@code libnvrtc.so.12} or {@code libnvrtc.so}
 * on the system's library path, or at the path named by the system property {@code latte.cuda.nvrtc}
 * or the environment variable {@code LATTE_NVRTC} (e.g. the copy inside PyTorch's
 * {@code nvidia/cuda_nvrtc/lib}).
 */
public final class Nvrtc {
    /** The system property naming the library file. */
    public static final String PATH_PROPERTY = "latte.cuda.nvrtc";

    private final NativeLibrary library;
    private final MethodHandle create, compile, cubinSize, cubin, logSize, log, destroy, errorString;

    private Nvrtc(NativeLibrary library) {
        this.library = library;
        create = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS),
                "nvrtcCreateProgram");
        compile = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), "nvrtcCompileProgram");
        cubinSize = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "nvrtcGetCUBINSize");
        cubin = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "nvrtcGetCUBIN");
        logSize = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "nvrtcGetProgramLogSize");
        log = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "nvrtcGetProgramLog");
        destroy = library.function(FunctionDescriptor.of(JAVA_INT, ADDRESS), "nvrtcDestroyProgram");
        errorString = library.function(FunctionDescriptor.of(ADDRESS, JAVA_INT), "nvrtcGetErrorString");
    }

    /** The library names tried, the configured path first. */
    static List<String> candidates() {
        List<String> names = new ArrayList<>();
        String configured = System.getProperty(PATH_PROPERTY, System.getenv("LATTE_NVRTC"));
        if (configured != null && !configured.isBlank()) {
            names.add(configured);
        }
        names.addAll(List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"));
        return names;
    }

    /**
     * Opens NVRTC.
     *
     * @throws CudaUnavailableException when no candidate loads, saying how to point at one
     */
    public static Nvrtc open() {
        return new Nvrtc(NativeLibrary.open(candidates(), "this build ships no precompiled kernels (no nvcc at build"
                + " time), so it needs NVRTC: put libnvrtc on the library path or set -D" + PATH_PROPERTY + "=/path/to/libnvrtc.so"));
    }

    /** The library the bindings were made from. */
    public String libraryName() {
        return library.name();
    }

    /**
     * Compiles {@code source} to a cubin for {@code architecture} (e.g. {@code sm_90}).
     *
     * @param headers file name → text of the headers {@code source} includes
     * @throws CudaException with the compiler's log when compilation fails
     */
    public byte[] compile(String name, String source, Map<String, String> headers, String architecture,
                          List<String> extraOptions) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment programOut = arena.allocate(ADDRESS);
            List<Map.Entry<String, String>> headerList = List.copyOf(headers.entrySet());
            MemorySegment headerTexts = arena.allocate(ADDRESS, Math.max(1, headerList.size()));
            MemorySegment headerNames = arena.allocate(ADDRESS, Math.max(1, headerList.size()));
            for (int i = 0; i < headerList.size(); i++) {
                headerNames.setAtIndex(ADDRESS, i, arena.allocateFrom(headerList.get(i).getKey()));
                headerTexts.setAtIndex(ADDRESS, i, arena.allocateFrom(headerList.get(i).getValue()));
            }
            check("nvrtcCreateProgram", call(create, programOut, arena.allocateFrom(source), arena.allocateFrom(name),
                    headerList.size(), headerTexts, headerNames));
            MemorySegment program = programOut.get(ADDRESS, 0);
            try {
                List<String> options = new ArrayList<>(List.of("--gpu-architecture=" + architecture, "--std=c++17"));
                options.addAll(extraOptions);
                MemorySegment optionArray = arena.allocate(ADDRESS, options.size());
                for (int i = 0; i < options.size(); i++) {
                    optionArray.setAtIndex(ADDRESS, i, arena.allocateFrom(options.get(i)));
                }
                int result = call(compile, program, options.size(), optionArray);
                if (result != 0) {
                    throw new CudaException("nvrtcCompileProgram(" + name + ")", result, errorName(result),
                            "\n" + log(arena, program));
                }
                MemorySegment size = arena.allocate(JAVA_LONG);
                check("nvrtcGetCUBINSize", call(cubinSize, program, size));
                MemorySegment image = arena.allocate(size.get(JAVA_LONG, 0));
                check("nvrtcGetCUBIN", call(cubin, program, image));
                return image.toArray(JAVA_BYTE);
            } finally {
                call(destroy, programOut);
            }
        }
    }

    private String log(Arena arena, MemorySegment program) {
        MemorySegment size = arena.allocate(JAVA_LONG);
        if (call(logSize, program, size) != 0) {
            return "(no log)";
        }
        MemorySegment text = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
        call(log, program, text);
        return text.getString(0);
    }

    private String errorName(int code) {
        try {
            MemorySegment text = (MemorySegment) errorString.invokeExact(code);
            return text.equals(MemorySegment.NULL) ? "NVRTC_ERROR_" + code : text.reinterpret(256).getString(0);
        } catch (Throwable e) {
            return "NVRTC_ERROR_" + code;
        }
    }

    private void check(String function, int result) {
        if (result != 0) {
            throw new CudaException(function, result, errorName(result), null);
        }
    }

    private static int call(MethodHandle handle, Object... arguments) {
        try {
            return (int) handle.invokeWithArguments(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
