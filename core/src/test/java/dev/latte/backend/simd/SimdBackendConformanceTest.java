package dev.latte.backend.simd;

import dev.latte.nn.BackendConformance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The cpu-simd backend on every fixture checkpoint, against DeepSeek's reference outputs. */
class SimdBackendConformanceTest {

    @ParameterizedTest
    @FieldSource("dev.latte.nn.ModelFixtures#NAMES")
    void matchesDeepSeekReference(String fixture) {
        BackendConformance.assertMatchesReference(fixture, new SimdBackend(2));
    }
}
