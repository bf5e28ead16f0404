package dev.latte.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latte.backend.BackendProvider;
import dev.latte.cuda.driver.CudaDriver;
import dev.latte.cuda.driver.CudaUnavailableException;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Asking for CUDA where it may be missing: answers, never crashes. */
class CudaAvailabilityTest {

    @Test
    void askingNeverThrowsAndTheAnswersAgree() {
        assertThatCode(Cuda::isAvailable).doesNotThrowAnyException();
        assertThat(Cuda.isAvailable()).isEqualTo(Cuda.unavailableReason().isEmpty());
    }

    @Test
    void aMissingLibraryIsNamedWithWhatToInstall() {
        assertThatThrownBy(() -> CudaDriver.open(List.of("libcuda-that-does-not-exist.so.1")))
                .isInstanceOf(CudaUnavailableException.class)
                .hasMessageContaining("cannot load libcuda-that-does-not-exist.so.1")
                .hasMessageContaining("install the NVIDIA driver");
    }

    @Test
    void withoutADriverTheProviderSaysWhyInsteadOfCreating() {
        Assumptions.assumeFalse(Cuda.isAvailable(), "a GPU is present: this test covers machines without one");
        BackendProvider provider = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("cuda")).findFirst().orElseThrow();

        assertThat(provider.available()).isFalse();
        assertThat(Cuda.unavailableReason()).get().asString().contains(CudaDriver.LIBRARY);
        assertThatThrownBy(provider::create).isInstanceOf(CudaUnavailableException.class)
                .hasMessageContaining(CudaDriver.LIBRARY);
    }
}
