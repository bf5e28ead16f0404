package dev.latte.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimdSupportTest {

    @Test
    void theVectorModuleIsPresentInTheTestJvm() {
        assertThat(SimdSupport.available()).isTrue();
        assertThat(new SimdBackendProvider().create()).satisfies(backend -> {
            assertThat(backend.name()).isEqualTo("cpu-simd");
            backend.close();
        });
    }

    /** Without the module the provider loads (no Vector API class touched), says it is unavailable, and refuses with the flag. */
    @Test
    void withoutTheVectorModuleTheScalarBackendRemains() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                WithoutVectorModule.class.getName()))
                .redirectErrorStream(true)
                .directory(Path.of(".").toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output)
                .contains("scalar available=true")
                .contains("cpu-simd available=false")
                .contains("refused: the cpu-simd backend needs the JVM option --add-modules jdk.incubator.vector")
                .doesNotContain("NoClassDefFoundError")
                .doesNotContain("created");
        assertThat(process.exitValue()).as(output).isZero();
    }
}
