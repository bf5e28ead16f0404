package dev.latte.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.latte.cuda.driver.CudaDriver;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The fake driver of {@code src/test/c/fake_cuda.c}, compiled once per test run with the machine's C
 * compiler (against {@code cuda.h} when the CUDA toolkit is installed, so its prototypes are
 * checked against NVIDIA's), and handles to its knobs. Tests that need it are skipped, with the
 * reason, where no C compiler exists.
 */
final class FakeCuda {
    private static Path library;
    private static String failure;
    private static String compileError;

    private final MethodHandle setInitResult, setDeviceCount, setFailAlloc, launchCount, lastKernel, lastParam,
            lastGrid, lastBlock;

    private FakeCuda(Path path) {
        SymbolLookup lookup = SymbolLookup.libraryLookup(path, Arena.global());
        Linker linker = Linker.nativeLinker();
        setInitResult = linker.downcallHandle(lookup.findOrThrow("fake_set_init_result"), FunctionDescriptor.ofVoid(JAVA_INT));
        setDeviceCount = linker.downcallHandle(lookup.findOrThrow("fake_set_device_count"), FunctionDescriptor.ofVoid(JAVA_INT));
        setFailAlloc = linker.downcallHandle(lookup.findOrThrow("fake_set_fail_alloc"), FunctionDescriptor.ofVoid(JAVA_INT));
        launchCount = linker.downcallHandle(lookup.findOrThrow("fake_launch_count"), FunctionDescriptor.of(JAVA_INT));
        lastKernel = linker.downcallHandle(lookup.findOrThrow("fake_last_kernel"), FunctionDescriptor.of(ADDRESS));
        lastParam = linker.downcallHandle(lookup.findOrThrow("fake_last_param"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
        lastGrid = linker.downcallHandle(lookup.findOrThrow("fake_last_grid"), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        lastBlock = linker.downcallHandle(lookup.findOrThrow("fake_last_block"), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** The fake library with its knobs reset, or the test is skipped when it cannot be built here. */
    static FakeCuda load() {
        Path path = build();
        if (compileError != null) {
            throw new AssertionError("the fake driver does not compile (do its prototypes still match cuda.h?): "
                    + compileError);
        }
        Assumptions.assumeTrue(path != null, () -> "cannot build the fake CUDA driver: " + failure);
        FakeCuda fake = new FakeCuda(path);
        fake.reset();
        return fake;
    }

    /** Driver bindings made from the fake library. */
    CudaDriver driver() {
        return CudaDriver.open(List.of(library.toString()));
    }

    Path path() {
        return library;
    }

    void reset() {
        setInitResult(0);
        setDeviceCount(1);
        setFailAlloc(false);
    }

    void setInitResult(int result) {
        invoke(setInitResult, result);
    }

    void setDeviceCount(int count) {
        invoke(setDeviceCount, count);
    }

    void setFailAlloc(boolean fail) {
        invoke(setFailAlloc, fail ? 1 : 0);
    }

    int launchCount() {
        return (int) invoke(launchCount);
    }

    String lastKernel() {
        return ((MemorySegment) invoke(lastKernel)).reinterpret(128).getString(0);
    }

    /** The value slot parameter {@code index} of the last launch pointed at. */
    MemorySegment lastParameter(int index, int bytes) {
        return ((MemorySegment) invoke(lastParam, index)).reinterpret(bytes);
    }

    int lastGrid(int axis) {
        return (int) invoke(lastGrid, axis);
    }

    int lastBlock(int axis) {
        return (int) invoke(lastBlock, axis);
    }

    private static Object invoke(MethodHandle handle, Object... arguments) {
        try {
            return handle.invokeWithArguments(arguments);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized Path build() {
        if (library != null || failure != null || compileError != null) {
            return library;
        }
        try {
            Path directory = Files.createTempDirectory("latte-fake-cuda");
            Path source = directory.resolve("fake_cuda.c");
            try (InputStream in = Files.newInputStream(ModuleFiles.resolve("src/test/c/fake_cuda.c"))) {
                Files.copy(in, source);
            }
            Path output = directory.resolve("libfakecuda.so");
            List<String> command = new ArrayList<>(List.of("cc", "-shared", "-fPIC", "-Wall", "-Werror"));
            Path cudaHeader = Path.of("/usr/local/cuda/include/cuda.h");
            if (Files.exists(cudaHeader)) {
                command.addAll(List.of("-DLATTE_WITH_CUDA_H", "-I" + cudaHeader.getParent()));
            }
            command.addAll(List.of("-o", output.toString(), source.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                compileError = String.join(" ", command) + " failed: " + log;
                return null;
            }
            library = output;
            return library;
        } catch (IOException e) {
            failure = "no C compiler (cc) on this machine: " + e.getMessage();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
            return null;
        }
    }
}
