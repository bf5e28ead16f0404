package dev.latte.cuda;

import dev.latte.cuda.driver.CudaDriver;
import dev.latte.cuda.driver.CudaException;
import dev.latte.cuda.driver.Nvrtc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latte's kernels, loaded into a context. Each CUDA source file of {@code src/main/cuda} is one
 * module. A build with {@code nvcc} ships {@code NAME.fatbin} (SASS for sm_80 and sm_90 plus PTX
 * the driver can compile for newer GPUs); every build ships the sources, which NVRTC compiles at
 * run time when no fatbin is present, when the fatbin has no code for this GPU, or when the system
 * property {@code latte.cuda.kernels=nvrtc} asks for it.
 */
final class KernelModules implements AutoCloseable {
    /** The module names: the source files {@code NAME.cu}. */
    static final List<String> SOURCES = List.of("gemv", "gemm", "elementwise", "routing", "mla");
    /** The header every source includes. */
    static final String HEADER = "latte_common.cuh";
    static final String RESOURCE_DIRECTORY = "/dev/latte/cuda/kernels/";

    private static final Logger LOG = LoggerFactory.getLogger(KernelModules.class);

    private final CudaDriver driver;
    private final List<MemorySegment> modules = new ArrayList<>();
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private final Map<String, String> signatures = new HashMap<>();
    private final String origin;

    KernelModules(CudaDriver driver, CudaDevice device) {
        this.driver = driver;
        boolean forceNvrtc = "nvrtc".equals(System.getProperty("latte.cuda.kernels"));
        List<String> origins = new ArrayList<>();
        Nvrtc nvrtc = null;
        for (String source : SOURCES) {
            signatures.putAll(KernelSignatures.parse(text(source + ".cu")));
            byte[] fatbin = forceNvrtc ? null : resource(source + ".fatbin");
            MemorySegment module = null;
            if (fatbin != null) {
                try {
                    module = load(fatbin);
                    origins.add(source + ": fatbin");
                } catch (CudaException e) {
                    LOG.info("the shipped {}.fatbin does not load on {} ({}); compiling it with NVRTC", source,
                            device.architecture(), e.getMessage());
                }
            }
            if (module == null) {
                if (nvrtc == null) {
                    nvrtc = Nvrtc.open();
                }
                module = load(nvrtc.compile(source + ".cu", text(source + ".cu"), Map.of(HEADER, text(HEADER)),
                        device.architecture(), List.of()));
                origins.add(source + ": NVRTC (" + nvrtc.libraryName() + ")");
            }
            modules.add(module);
        }
        this.origin = String.join(", ", origins);
    }

    /** Where each module came from, for logs. */
    String origin() {
        return origin;
    }

    /** The parameter kinds of kernel {@code name}, from its source. */
    String signature(String name) {
        String signature = signatures.get(name);
        if (signature == null) {
            throw new IllegalArgumentException("no kernel named " + name + " in " + SOURCES);
        }
        return signature;
    }

    /** The kernel {@code name}, from whichever module defines it. */
    MemorySegment function(String name) {
        MemorySegment function = functions.get(name);
        if (function != null) {
            return function;
        }
        for (MemorySegment module : modules) {
            try {
                function = driver.function(module, name);
                functions.put(name, function);
                return function;
            } catch (CudaException notInThisModule) {
                // CUDA_ERROR_NOT_FOUND: try the next module
            }
        }
        throw new IllegalArgumentException("no kernel named " + name + " in modules " + SOURCES);
    }

    private MemorySegment load(byte[] image) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(image.length + 1L, 16);
            MemorySegment.copy(image, 0, copy, ValueLayout.JAVA_BYTE, 0, image.length);
            return driver.loadModule(copy);
        }
    }

    /** The bytes of a shipped kernel resource, or {@code null} when this build has none. */
    static byte[] resource(String name) {
        try (InputStream in = KernelModules.class.getResourceAsStream(RESOURCE_DIRECTORY + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel resource " + name, e);
        }
    }

    /** A shipped CUDA source file. */
    static String text(String name) {
        byte[] bytes = resource(name);
        if (bytes == null) {
            throw new IllegalStateException("kernel source " + RESOURCE_DIRECTORY + name + " is missing from the jar");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (MemorySegment module : modules) {
            driver.unloadModule(module);
        }
        modules.clear();
        functions.clear();
    }
}
