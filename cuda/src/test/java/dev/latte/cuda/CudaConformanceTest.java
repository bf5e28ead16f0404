package dev.latte.cuda;

import dev.latte.nn.BackendConformance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every fixture checkpoint on the GPU: logits of every prompt position within 1e-3 of DeepSeek's
 * reference and identical greedy continuations. Needs a GPU; skipped with the reason elsewhere.
 */
class CudaConformanceTest {

    @BeforeEach
    void requireGpu() {
        GpuTests.assumeGpu();
    }

    @ParameterizedTest
    @FieldSource("dev.latte.nn.ModelFixtures#NAMES")
    void matchesDeepSeekReference(String fixture) {
        BackendConformance.assertMatchesReference(fixture, CudaBackend.open());
    }
}
