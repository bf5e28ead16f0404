package dev.latte.cuda;

/** The kernels the backend launches, looked up once per context. */
final class Kernels {
    final Kernel gemvOneToken;
    final Kernel gemvEightTokens;
    final Kernel gemmTiled;
    final Kernel expertGateUpOneToken;
    final Kernel expertGateUpEightTokens;
    final Kernel expertDownOneToken;
    final Kernel expertDownEightTokens;
    final Kernel expertCombine;
    final Kernel embed;
    final Kernel rmsNorm;
    final Kernel siluMul;
    final Kernel add;
    final Kernel copyBlock;
    final Kernel rope;
    final Kernel latentAppend;
    final Kernel softmaxRows;
    final Kernel argmaxRows;
    final Kernel topkRouting;
    final Kernel mlaAbsorbQuery;
    final Kernel mlaDecodeSplit;
    final Kernel mlaCombine;
    final Kernel mlaValueUp;

    Kernels(CudaContext context) {
        gemvOneToken = context.kernel("latte_gemv_t1");
        gemvEightTokens = context.kernel("latte_gemv_t8");
        gemmTiled = context.kernel("latte_gemm_tiled");
        expertGateUpOneToken = context.kernel("latte_expert_gate_up_t1");
        expertGateUpEightTokens = context.kernel("latte_expert_gate_up_t8");
        expertDownOneToken = context.kernel("latte_expert_down_t1");
        expertDownEightTokens = context.kernel("latte_expert_down_t8");
        expertCombine = context.kernel("latte_expert_combine");
        embed = context.kernel("latte_embed");
        rmsNorm = context.kernel("latte_rms_norm");
        siluMul = context.kernel("latte_silu_mul");
        add = context.kernel("latte_add");
        copyBlock = context.kernel("latte_copy_block");
        rope = context.kernel("latte_rope");
        latentAppend = context.kernel("latte_latent_append");
        softmaxRows = context.kernel("latte_softmax_rows");
        argmaxRows = context.kernel("latte_argmax_rows");
        topkRouting = context.kernel("latte_topk_routing");
        mlaAbsorbQuery = context.kernel("latte_mla_absorb_query");
        mlaDecodeSplit = context.kernel("latte_mla_decode_split");
        mlaCombine = context.kernel("latte_mla_combine");
        mlaValueUp = context.kernel("latte_mla_value_up");
    }
}
