package dev.latte.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kernel parameter lists read from CUDA source, which every launch is checked against. */
class KernelSignaturesTest {

    @Test
    void readsEachParameterKind() {
        String source = """
                extern "C" __global__ void __launch_bounds__(256, 4) k1(WeightView w, const float* __restrict__ x,
                                                                          int ldx, long long n, float eps) {
                }
                extern "C" __global__ void k2(const unsigned char* data, unsigned int count) {}
                __device__ void helper(int a) {}
                """;

        assertThat(KernelSignatures.parse(source)).containsExactlyInAnyOrderEntriesOf(Map.of("k1", "SPILF", "k2", "PI"));
        assertThatThrownBy(() -> KernelSignatures.parse(source.replace("float eps", "double eps")))
                .hasMessageContaining("k1").hasMessageContaining("double eps");
    }

    @Test
    void everyShippedSourceParsesAndDefinesTheBackendsKernels() {
        Map<String, String> all = new HashMap<>();
        for (String source : KernelModules.SOURCES) {
            all.putAll(KernelSignatures.parse(KernelModules.text(source + ".cu")));
        }

        assertThat(all).containsKeys("latte_gemv_t1", "latte_gemv_t8", "latte_gemm_tiled", "latte_expert_gate_up_t1",
                "latte_expert_gate_up_t8", "latte_expert_down_t1", "latte_expert_down_t8", "latte_expert_combine",
                "latte_embed", "latte_rms_norm", "latte_silu_mul", "latte_add", "latte_copy_block", "latte_rope",
                "latte_latent_append", "latte_softmax_rows", "latte_argmax_rows", "latte_topk_routing",
                "latte_mla_absorb_query", "latte_mla_decode_split", "latte_mla_combine", "latte_mla_value_up");
        assertThat(all.get("latte_gemv_t1")).isEqualTo("SPIPII");
        assertThat(all.get("latte_rms_norm")).isEqualTo("PISFPII");
    }
}
