package dev.latte.nn;

import dev.latte.backend.scalar.ScalarBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ScalarBackendConformanceTest {

    @ParameterizedTest
    @FieldSource("dev.latte.nn.ModelFixtures#NAMES")
    void matchesDeepSeekReference(String fixture) {
        BackendConformance.assertMatchesReference(fixture, new ScalarBackend());
    }
}
