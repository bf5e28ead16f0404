package dev.latte.cuda;

import org.junit.jupiter.api.Assumptions;

/** The guard of every test that needs a GPU: skipped, with the reason, where CUDA is unavailable. */
final class GpuTests {
    private static boolean announced;

    private GpuTests() {
    }

    /** Skips the calling test where no GPU is usable, and says so once on the console. */
    static void assumeGpu() {
        String reason = Cuda.unavailableReason().map(r -> "no usable GPU: " + r + " (GPU tests run on a CUDA machine)")
                .orElse(null);
        if (reason != null && !announced) {
            announced = true;
            System.out.println("[latte-cuda] skipping GPU tests: " + reason);
        }
        Assumptions.assumeTrue(reason == null, reason);
    }
}
