package dev.latte.backend.simd;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Vector API ({@code jdk.incubator.vector}) is loaded in this JVM. It is an incubator
 * module, resolved only when the JVM starts with {@code --add-modules jdk.incubator.vector}; without
 * it the CPU-SIMD backend is unavailable, the scalar backend runs, and one log line says how to
 * enable SIMD. This class touches no Vector API class, so it can run on any JVM.
 */
public final class SimdSupport {
    static final String MODULE = "jdk.incubator.vector";
    private static final Logger LOG = LoggerFactory.getLogger(SimdSupport.class);
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private SimdSupport() {
    }

    /** Whether the Vector API module is present; logs how to enable it (once per JVM) when it is not. */
    public static boolean available() {
        boolean present = ModuleLayer.boot().findModule(MODULE).isPresent();
        if (!present && TOLD.compareAndSet(false, true)) {
            LOG.info("SIMD kernels are off: start the JVM with --add-modules {} to enable the cpu-simd backend", MODULE);
        }
        return present;
    }
}
