package dev.latte.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latte.cuda.driver.CudaDriver;
import dev.latte.cuda.driver.CudaException;
import dev.latte.cuda.driver.CudaUnavailableException;
import dev.latte.cuda.driver.KernelParameters;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver bindings through real FFM downcalls into the fake driver of {@code fake_cuda.c}: out
 * parameters, error mapping, copies and the launch-parameter array as a C callee sees them.
 */
class FakeDriverTest {
    private FakeCuda fake;
    private CudaDriver driver;

    @BeforeEach
    void open() {
        fake = FakeCuda.load();
        driver = fake.driver();
    }

    @AfterEach
    void reset() {
        if (fake != null) {
            fake.reset();
        }
    }

    @Test
    void describesTheDeviceFromItsAttributes() {
        CudaDevice device = CudaDevice.query(driver, 0);

        assertThat(driver.driverVersion()).isEqualTo(13000);
        assertThat(driver.deviceCount()).isEqualTo(1);
        assertThat(device.name()).isEqualTo("Fake H100");
        assertThat(device.architecture()).isEqualTo("sm_90");
        assertThat(device.multiprocessors()).isEqualTo(132);
        // 2619 MHz HBM3, 5120-bit bus, two transfers per clock: NVIDIA's 3.35 TB/s for the H100 SXM.
        assertThat(device.peakBandwidth()).isCloseTo(2 * 2.619e9 * 5120 / 8, org.assertj.core.data.Offset.offset(1.0));
        assertThat(device.peakBandwidth() / 1e12).isBetween(3.34, 3.36);
    }

    @Test
    void aFailedCallNamesTheFunctionAndTheError() {
        fake.setFailAlloc(true);

        assertThatThrownBy(() -> driver.allocate(1024))
                .isInstanceOf(CudaException.class)
                .hasMessage("cuMemAlloc_v2 failed: CUDA_ERROR_OUT_OF_MEMORY (2): out of memory")
                .satisfies(e -> {
                    assertThat(((CudaException) e).call()).isEqualTo("cuMemAlloc_v2");
                    assertThat(((CudaException) e).code()).isEqualTo(2);
                });
    }

    @Test
    void codesTheDriverCannotNameComeFromTheTable() {
        // the fake's cuGetErrorName knows only a handful of codes, like an older driver
        assertThat(driver.errorName(700)).isEqualTo("CUDA_ERROR_ILLEGAL_ADDRESS");
        assertThat(driver.errorName(2)).isEqualTo("CUDA_ERROR_OUT_OF_MEMORY");
        assertThat(driver.errorName(123456)).isEqualTo("CUDA_ERROR_123456");
    }

    @Test
    void aDriverWithoutDevicesIsUnavailableWithTheReason() {
        fake.setInitResult(100);

        assertThatThrownBy(() -> CudaDriver.open(List.of(fake.path().toString())))
                .isInstanceOf(CudaUnavailableException.class)
                .hasMessageContaining("cuInit failed: CUDA_ERROR_NO_DEVICE (100): no CUDA-capable device is detected");
    }

    @Test
    void bytesRoundTripThroughDeviceMemory() {
        MemorySegment stream = driver.createStream(CudaDriver.STREAM_NON_BLOCKING);
        long device = driver.allocate(64);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment source = arena.allocate(64);
            for (int i = 0; i < 16; i++) {
                source.setAtIndex(JAVA_INT, i, i * i - 7);
            }
            MemorySegment back = arena.allocate(64);

            driver.copyToDevice(device + 16, source, 48, stream);
            driver.fill32(device, 0x3f800000, 4, stream);
            driver.copyToHost(back, device, 64, stream);
            driver.synchronizeStream(stream);

            for (int i = 0; i < 4; i++) {
                assertThat(back.getAtIndex(JAVA_FLOAT, i)).isEqualTo(1.0f);
            }
            for (int i = 4; i < 16; i++) {
                assertThat(back.getAtIndex(JAVA_INT, i)).isEqualTo((i - 4) * (i - 4) - 7);
            }
        } finally {
            driver.free(device);
        }
    }

    @Test
    void theCalleeSeesEveryParameterThroughThePointerArray() {
        MemorySegment module = driver.loadModule(Arena.global().allocateFrom("image"));
        MemorySegment function = driver.function(module, "latte_probe");
        MemorySegment stream = driver.createStream(0);
        WeightView view = new WeightView(0x7000_0000_1000L, 0x7000_0000_2000L, 0, 4096, 300, 2048,
                WeightView.ENCODING_INT4_GROUP, WeightView.SCALE_BF16, 64, 1, 32);
        try (KernelParameters parameters = new KernelParameters()) {
            view.writeTo(parameters.structSlot());
            parameters.pointer(0x1234_5678_9abcL).i32(-7).f32(2.5f).i64(1L << 40);

            driver.launch("latte_probe", function, 3, 2, 1, 256, 1, 1, 0, stream, parameters.array());

            // read while the parameter memory is alive: the fake kept the pointers, not the values
            assertThat(fake.lastKernel()).isEqualTo("latte_probe");
            assertThat(List.of(fake.lastGrid(0), fake.lastGrid(1), fake.lastGrid(2))).containsExactly(3, 2, 1);
            assertThat(fake.lastBlock(0)).isEqualTo(256);
            MemorySegment struct = fake.lastParameter(0, 64);
            assertThat(struct.get(JAVA_LONG, 0)).isEqualTo(0x7000_0000_1000L);
            assertThat(struct.get(JAVA_LONG, 8)).isEqualTo(0x7000_0000_2000L);
            assertThat(struct.get(JAVA_LONG, 24)).isEqualTo(4096);
            assertThat(struct.get(JAVA_INT, 32)).isEqualTo(300);
            assertThat(struct.get(JAVA_INT, 36)).isEqualTo(2048);
            assertThat(struct.get(JAVA_INT, 40)).isEqualTo(WeightView.ENCODING_INT4_GROUP);
            assertThat(struct.get(JAVA_INT, 56)).isEqualTo(32);
            assertThat(fake.lastParameter(1, 8).get(JAVA_LONG, 0)).isEqualTo(0x1234_5678_9abcL);
            assertThat(fake.lastParameter(2, 4).get(JAVA_INT, 0)).isEqualTo(-7);
            assertThat(fake.lastParameter(3, 4).get(JAVA_FLOAT, 0)).isEqualTo(2.5f);
            assertThat(fake.lastParameter(4, 8).get(JAVA_LONG, 0)).isEqualTo(1L << 40);
        }
    }
}
