package dev.latte.cuda;

import dev.latte.backend.ExpertWeights;
import dev.latte.backend.OperandChecks;
import dev.latte.backend.Routing;
import java.util.Arrays;
import java.util.List;

/**
 * The routed experts of one MoE layer for a chunk, grouped by expert: the host turns the routing
 * into, per selected expert, the list of (token, k) slots routed to it; one kernel then computes
 * {@code SiLU(gate·x) ⊙ (up·x)} for every slot and one {@code down·h}, streaming each selected
 * expert's weights once per eight of its tokens, and a last kernel mixes the K outputs of every
 * token with its routing weights in a fixed order.
 */
final class GroupedExperts {
    private final CudaContext context;
    private final Kernels kernels;
    private final Scratch scratch;

    GroupedExperts(CudaContext context, Kernels kernels, Scratch scratch) {
        this.context = context;
        this.kernels = kernels;
        this.scratch = scratch;
    }

    void run(DeviceActivations x, List<ExpertWeights> experts, DeviceBuffer viewTable, Routing routing,
             DeviceActivations out) {
        int tokens = routing.tokens();
        int topK = routing.topK();
        int hidden = x.cols();
        OperandChecks.requireShape(x, tokens, hidden, "experts input");
        OperandChecks.requireShape(out, tokens, hidden, "experts output");
        Grouping grouping = Grouping.of(routing, experts.size());
        int intermediate = experts.get(grouping.active[0]).gate().rows();
        context.makeCurrent();
        DeviceBuffer active = scratch.upload(Scratch.EXPERT_IDS, grouping.active);
        DeviceBuffer offsets = scratch.upload(Scratch.OFFSETS, grouping.offsets);
        DeviceBuffer slots = scratch.upload(Scratch.SLOTS, grouping.slots);
        DeviceBuffer slotTokens = scratch.upload(Scratch.SLOT_TOKENS, grouping.slotTokens);
        DeviceBuffer weights = scratch.upload(Scratch.ROUTE_WEIGHTS, routing.weights());
        DeviceBuffer hiddenStates = scratch.device(Scratch.HIDDEN, 4L * tokens * topK * intermediate);
        DeviceBuffer expertOut = scratch.device(Scratch.EXPERT_OUT, 4L * tokens * topK * hidden);
        boolean single = grouping.mostTokens == 1;
        int activeCount = grouping.active.length;

        context.parameters().pointer(viewTable.pointer()).pointer(active.pointer()).pointer(offsets.pointer())
                .pointer(slots.pointer()).pointer(slotTokens.pointer()).pointer(x.pointer()).i32(hidden)
                .pointer(hiddenStates.pointer()).i32(intermediate);
        int rowsPerBlock = single ? CudaBackend.ONE_TOKEN_ROWS_PER_BLOCK : CudaBackend.ROWS_PER_BLOCK;
        context.launch(single ? kernels.expertGateUpOneToken : kernels.expertGateUpEightTokens,
                CudaBackend.ceilDiv(intermediate, rowsPerBlock), activeCount, 256);

        context.parameters().pointer(viewTable.pointer()).pointer(active.pointer()).pointer(offsets.pointer())
                .pointer(slots.pointer()).pointer(hiddenStates.pointer()).i32(intermediate).pointer(expertOut.pointer())
                .i32(hidden);
        context.launch(single ? kernels.expertDownOneToken : kernels.expertDownEightTokens,
                CudaBackend.ceilDiv(hidden, rowsPerBlock), activeCount, 256);

        context.parameters().pointer(expertOut.pointer()).pointer(weights.pointer()).i32(topK).i32(tokens).i32(hidden)
                .pointer(out.pointer());
        context.launch(kernels.expertCombine, CudaBackend.blocks((long) tokens * hidden), 1, 256);
    }

    /**
     * Slots grouped by expert: {@code slots[offsets[a] .. offsets[a+1])} are the slots
     * ({@code t·topK + k}) routed to expert {@code active[a]}, {@code slotTokens} their token rows.
     */
    record Grouping(int[] active, int[] offsets, int[] slots, int[] slotTokens, int mostTokens) {

        static Grouping of(Routing routing, int expertCount) {
            int slotCount = routing.tokens() * routing.topK();
            int[] counts = new int[expertCount];
            for (int s = 0; s < slotCount; s++) {
                int expert = routing.experts()[s];
                if (expert < 0 || expert >= expertCount) {
                    throw new IllegalArgumentException("routing names expert " + expert + " of " + expertCount);
                }
                counts[expert]++;
            }
            int activeCount = (int) Arrays.stream(counts).filter(c -> c > 0).count();
            int[] active = new int[activeCount];
            int[] offsets = new int[activeCount + 1];
            int[] start = new int[expertCount];
            int a = 0;
            int most = 0;
            for (int e = 0; e < expertCount; e++) {
                if (counts[e] > 0) {
                    active[a] = e;
                    start[e] = offsets[a];
                    offsets[a + 1] = offsets[a] + counts[e];
                    most = Math.max(most, counts[e]);
                    a++;
                }
            }
            int[] slots = new int[slotCount];
            int[] slotTokens = new int[slotCount];
            for (int s = 0; s < slotCount; s++) {
                int position = start[routing.experts()[s]]++;
                slots[position] = s;
                slotTokens[position] = s / routing.topK();
            }
            return new Grouping(active, offsets, slots, slotTokens, most);
        }
    }
}
