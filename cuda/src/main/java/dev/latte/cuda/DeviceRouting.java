package dev.latte.cuda;

import dev.latte.backend.Routing;
import dev.latte.model.ModelConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * MoE top-k routing (spec §5.3, §5.4) on the GPU, the same rule as {@code dev.latte.nn.Router}:
 * softmax or sigmoid scores, the optional score-correction bias for selection only, group limiting
 * (group maximum for V2, sum of the two best for V3's {@code noaux_tc}), top-k with ties to the lower
 * index, optional renormalisation and the scaling factor. The Backend SPI routes on the host today;
 * this kernel is what a device-side routing operation would run so a decode step need not bring
 * router logits back.
 */
final class DeviceRouting {
    private static final int MAX_EXPERTS = 512;

    private final CudaContext context;
    private final Kernel kernel;
    private final Scratch scratch;

    DeviceRouting(CudaContext context, Kernels kernels, Scratch scratch) {
        this.context = context;
        this.kernel = kernels.topkRouting;
        this.scratch = scratch;
    }

    Routing route(DeviceActivations logits, ModelConfig config, float[] scoreCorrectionBias) {
        int experts = config.nRoutedExperts();
        int topK = config.numExpertsPerTok();
        if (logits.cols() != experts || experts > MAX_EXPERTS || topK > 32) {
            throw new IllegalArgumentException("device routing takes up to " + MAX_EXPERTS + " experts and top-32; got "
                    + logits.cols() + " logits for " + experts + " experts, top-" + topK);
        }
        boolean groupLimited = !config.topkMethod().equals("greedy") && config.nGroup() > 1;
        int tokens = logits.rows();
        context.makeCurrent();
        long bias = scoreCorrectionBias == null ? 0 : scratch.upload(Scratch.ROUTE_WEIGHTS, scoreCorrectionBias).pointer();
        DeviceBuffer chosen = scratch.device(Scratch.EXPERT_IDS, 4L * tokens * topK);
        DeviceBuffer weights = scratch.device(Scratch.OFFSETS, 4L * tokens * topK);
        context.parameters().pointer(logits.pointer()).i32(logits.cols()).i32(tokens).i32(experts).pointer(bias)
                .i32(config.scoringFunc().equals("sigmoid") ? 1 : 0).i32(groupLimited ? config.nGroup() : 1)
                .i32(config.topkGroup()).i32(config.topkMethod().equals("noaux_tc") ? 1 : 0).i32(topK)
                .i32(config.normTopkProb() ? 1 : 0).f32((float) config.routedScalingFactor()).pointer(chosen.pointer())
                .pointer(weights.pointer());
        context.launch(kernel, CudaBackend.ceilDiv(tokens, 4), 1, 128);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ids = arena.allocate(ValueLayout.JAVA_INT, (long) tokens * topK);
            MemorySegment values = arena.allocate(ValueLayout.JAVA_FLOAT, (long) tokens * topK);
            context.copyToHost(chosen, 0, ids, ids.byteSize());
            context.copyToHost(weights, 0, values, values.byteSize());
            return new Routing(tokens, topK, ids.toArray(ValueLayout.JAVA_INT), values.toArray(ValueLayout.JAVA_FLOAT));
        }
    }
}
