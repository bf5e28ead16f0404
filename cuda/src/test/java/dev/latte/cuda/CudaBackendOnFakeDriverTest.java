package dev.latte.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latte.backend.Activations;
import dev.latte.backend.AttentionShape;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.LatentCache;
import dev.latte.backend.RopeFrequencies;
import dev.latte.backend.Routing;
import dev.latte.backend.Weight;
import dev.latte.cuda.driver.Nvrtc;
import dev.latte.model.WeightEncoding;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole backend against the fake driver, whose "device memory" is host memory and whose
 * launches are recorded, not run: the NVRTC path, weight upload layouts, copies, shape checks, and
 * every operation's launches (kernel, grid, and parameters matching the kernel's CUDA signature,
 * which {@link CudaContext#launch} enforces). What the kernels compute is tested on a GPU.
 */
class CudaBackendOnFakeDriverTest {
    private FakeCuda fake;
    private CudaBackend backend;

    @BeforeEach
    void open() {
        fake = FakeCuda.load();
        System.setProperty(Nvrtc.PATH_PROPERTY, fake.path().toString());
        System.setProperty("latte.cuda.kernels", "nvrtc");
        backend = new CudaBackend(CudaContext.open(fake.driver(), 0));
    }

    @AfterEach
    void close() {
        System.clearProperty(Nvrtc.PATH_PROPERTY);
        System.clearProperty("latte.cuda.kernels");
        if (backend != null) {
            backend.close();
            fake.reset();
        }
    }

    @Test
    void denseRowsArePaddedTo16BytesWithZeros() {
        float[] values = TestWeights.randomValues(3 * 5, 1);
        DeviceWeight weight = (DeviceWeight) backend.upload(TestWeights.dense("w", WeightEncoding.BF16, 3, 5, values));
        WeightView view = weight.view();

        assertThat(view.rowStride()).isEqualTo(16);
        assertThat(view.encoding()).isEqualTo(WeightView.ENCODING_BF16);
        MemorySegment device = MemorySegment.ofAddress(view.data()).reinterpret(3 * 16);
        short[] stored = TestWeights.bf16Bits(values);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 8; c++) {
                short expected = c < 5 ? stored[r * 5 + c] : 0;
                assertThat(device.get(ValueLayout.JAVA_SHORT, r * 16L + 2L * c)).as("row %d col %d", r, c).isEqualTo(expected);
            }
        }
    }

    @Test
    void int4AndFp8KeepTheirScalesAndParameters() {
        var int4 = TestWeights.int4("experts.0.up_proj", 3, 40, 8, 2);
        DeviceWeight i4 = (DeviceWeight) backend.upload(int4);
        var fp8 = TestWeights.fp8("q_a_proj", 130, 20, 128, 16, 3);
        DeviceWeight f8 = (DeviceWeight) backend.upload(fp8);

        assertThat(i4.view().rowStride()).isEqualTo(32); // 5 words = 20 bytes, padded
        assertThat(i4.view().scaleType()).isEqualTo(WeightView.SCALE_BF16);
        assertThat(i4.view().scaleCols()).isEqualTo(5);
        assertThat(i4.view().blockCols()).isEqualTo(8);
        MemorySegment words = MemorySegment.ofAddress(i4.view().data()).reinterpret(3 * 32);
        for (int r = 0; r < 3; r++) {
            for (int w = 0; w < 5; w++) {
                assertThat(words.get(ValueLayout.JAVA_INT, r * 32L + 4L * w))
                        .isEqualTo(int4.packed().get(ValueLayout.JAVA_INT_UNALIGNED, (r * 5L + w) * 4));
            }
        }
        assertThat(f8.view().rowStride()).isEqualTo(32);
        assertThat(f8.view().scaleCols()).isEqualTo(2);
        assertThat(MemorySegment.ofAddress(f8.view().scales()).reinterpret(16).get(ValueLayout.JAVA_FLOAT, 12))
                .isEqualTo(fp8.scale(1, 1));
    }

    @Test
    void oddBlockAndGroupShapesAreRefusedByName() {
        assertThatThrownBy(() -> backend.upload(TestWeights.fp8("odd_fp8", 4, 20, 4, 4, 1)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("odd_fp8");
        assertThatThrownBy(() -> backend.upload(TestWeights.int4("odd_int4", 2, 12, 6, 1)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("odd_int4");
    }

    @Test
    void activationsRoundTrip() {
        Activations a = backend.allocate(3, 7);
        float[] values = TestWeights.randomValues(21, 4);

        backend.fromHost(values, a);

        assertThat(backend.toHost(a)).containsExactly(values);
    }

    @Test
    void matmulPicksGemvForDecodeAndTheTiledGemmForPrefill() {
        Weight w = backend.upload(TestWeights.dense("w", WeightEncoding.BF16, 100, 64, TestWeights.randomValues(6400, 5)));

        backend.matmul(backend.allocate(1, 64), w, backend.allocate(1, 100));
        assertLaunch("latte_gemv_t1", 4, 1); // four rows per warp
        backend.matmul(backend.allocate(2, 64), w, backend.allocate(2, 100));
        assertLaunch("latte_gemv_t8", 13, 1);
        backend.matmul(backend.allocate(8, 64), w, backend.allocate(8, 100));
        assertLaunch("latte_gemv_t8", 13, 1);
        backend.matmul(backend.allocate(70, 64), w, backend.allocate(70, 100));
        assertLaunch("latte_gemm_tiled", 2, 2);
        assertThatThrownBy(() -> backend.matmul(backend.allocate(1, 63), w, backend.allocate(1, 100)))
                .hasMessageContaining("w takes 64 inputs, not 63");
    }

    @Test
    void everyOperationLaunchesItsKernelsWithMatchingParameters() {
        int launches = fake.launchCount();
        Weight table = backend.upload(TestWeights.dense("embed", WeightEncoding.F32, 50, 16, TestWeights.randomValues(800, 6)));
        Weight norm = backend.upload(TestWeights.dense("norm", WeightEncoding.BF16, 1, 16, TestWeights.randomValues(16, 7)));
        Activations x = backend.allocate(2, 16);
        Activations y = backend.allocate(2, 16);

        backend.embed(new int[] {3, 49}, table, x);
        assertLaunch("latte_embed", 1, 1);
        backend.rmsNorm(x, norm, 1e-6f, y);
        assertLaunch("latte_rms_norm", 2, 1);
        backend.siluMul(x, y, y);
        assertLaunch("latte_silu_mul", 1, 1);
        backend.add(x, y);
        assertLaunch("latte_add", 1, 1);
        backend.copy(x, 1, 2, y, 0, 0, 1, 8);
        assertLaunch("latte_copy_block", 1, 1);
        backend.rope(x, 0, 8, 2, new RopeFrequencies(new float[] {1f, 0.1f, 0.01f, 0.001f}), 5);
        assertLaunch("latte_rope", 1, 1);
        assertThat(fake.launchCount() - launches).isEqualTo(6);
        assertThatThrownBy(() -> backend.embed(new int[] {50}, table, backend.allocate(1, 16)))
                .hasMessageContaining("token 50 outside the embedding table of 50");
    }

    @Test
    void attentionRunsAbsorbSplitCombineAndValueUp() {
        AttentionShape shape = new AttentionShape(4, 32, 16, 32, 64, 0.1f);
        Weight kvUp = backend.upload(TestWeights.fp8("kv_b_proj", 4 * 64, 64, 128, 128, 8));
        LatentCache cache = backend.allocateLatentCache(100, 64, 16);
        Activations latent = backend.allocate(3, 64);
        Activations ropeKey = backend.allocate(3, 16);
        int launches = fake.launchCount();

        backend.appendLatent(cache, latent, ropeKey, 10);
        assertLaunch("latte_latent_append", 1, 1);
        backend.mlaAttention(backend.allocate(3, shape.queryCols()), kvUp, cache, 10, shape,
                backend.allocate(3, shape.outputCols()));

        assertThat(fake.launchCount() - launches).isEqualTo(5);
        assertLaunch("latte_mla_value_up", 3 * 4 * 32 / 8, 1);
        assertThatThrownBy(() -> backend.appendLatent(cache, latent, ropeKey, 98))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("98..100");
    }

    @Test
    void routedExpertsRunGroupedByExpert() {
        List<ExpertWeights> experts = new java.util.ArrayList<>();
        for (int e = 0; e < 4; e++) {
            experts.add(new ExpertWeights(
                    backend.upload(TestWeights.int4("experts." + e + ".gate_proj", 24, 32, 32, 10 + e)),
                    backend.upload(TestWeights.int4("experts." + e + ".up_proj", 24, 32, 32, 20 + e)),
                    backend.upload(TestWeights.int4("experts." + e + ".down_proj", 32, 24, 8, 30 + e))));
        }
        Routing routing = new Routing(2, 2, new int[] {3, 1, 1, 0}, new float[] {0.5f, 0.25f, 0.75f, 0.125f});
        int launches = fake.launchCount();

        backend.routedExperts(backend.allocate(2, 32), experts, routing, backend.allocate(2, 32));

        assertThat(fake.launchCount() - launches).isEqualTo(3);
        assertLaunch("latte_expert_combine", 1, 1);

        Routing decode = new Routing(1, 2, new int[] {2, 0}, new float[] {0.5f, 0.5f});
        backend.routedExperts(backend.allocate(1, 32), experts, decode, backend.allocate(1, 32));
        assertThat(fake.launchCount() - launches).isEqualTo(6);
    }

    private void assertLaunch(String kernel, int gridX, int gridY) {
        assertThat(fake.lastKernel()).isEqualTo(kernel);
        assertThat(fake.lastGrid(0)).as("grid x of " + kernel).isEqualTo(gridX);
        assertThat(fake.lastGrid(1)).as("grid y of " + kernel).isEqualTo(gridY);
    }
}
