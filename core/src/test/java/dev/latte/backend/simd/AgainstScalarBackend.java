package dev.latte.backend.simd;

import dev.latte.backend.scalar.ScalarBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests that compare the cpu-simd backend (three threads, so work splits unevenly) with the scalar reference. */
abstract class AgainstScalarBackend {
    static SimdBackend simd;
    static ScalarBackend scalar;

    @BeforeAll
    static void startBackends() {
        simd = new SimdBackend(3);
        scalar = new ScalarBackend();
    }

    @AfterAll
    static void stopBackends() {
        simd.close();
        scalar.close();
    }
}
