package dev.latte.cuda;

import dev.latte.backend.AttentionShape;
import dev.latte.backend.OperandChecks;

/**
 * The four kernels of one absorbed-MLA call: absorb the queries ({@code q̃ = W_UKᵀ q_nope}, next to
 * {@code q_pe}), attend over the latent cache split along the sequence, combine the splits, and
 * apply {@code W_UV} per head.
 */
final class MlaDecode {
    /** Fewest positions worth a split of their own. */
    private static final int POSITIONS_PER_SPLIT = 32;
    private static final int MAX_SPLITS = 128;

    private final CudaContext context;
    private final Kernels kernels;
    private final Scratch scratch;

    MlaDecode(CudaContext context, Kernels kernels, Scratch scratch) {
        this.context = context;
        this.kernels = kernels;
        this.scratch = scratch;
    }

    void run(DeviceActivations query, DeviceWeight kvUp, DeviceLatentCache cache, int startPosition,
             AttentionShape shape, DeviceActivations out) {
        int tokens = query.rows();
        int heads = shape.heads();
        int latentRank = shape.latentRank();
        int kvDim = latentRank + shape.ropeDim();
        OperandChecks.requireShape(query, tokens, shape.queryCols(), "MLA query");
        OperandChecks.requireShape(out, tokens, shape.outputCols(), "MLA output");
        OperandChecks.requireAttentionOperands(shape, kvUp, cache);
        if (startPosition + tokens > cache.capacity()) {
            throw new IndexOutOfBoundsException("positions up to " + (startPosition + tokens - 1)
                    + " outside a latent cache of " + cache.capacity());
        }
        int rows = tokens * heads;
        int rowBlocks = CudaBackend.ceilDiv(rows, 8);
        int splits = splits(startPosition + tokens, rowBlocks);
        context.makeCurrent();
        DeviceBuffer absorbed = scratch.device(Scratch.ABSORBED, 4L * rows * kvDim);
        DeviceBuffer partU = scratch.device(Scratch.PARTIAL_U, 4L * splits * rows * latentRank);
        DeviceBuffer partM = scratch.device(Scratch.PARTIAL_M, 4L * splits * rows);
        DeviceBuffer partL = scratch.device(Scratch.PARTIAL_L, 4L * splits * rows);
        DeviceBuffer latent = scratch.device(Scratch.LATENT, 4L * rows * latentRank);

        var parameters = context.parameters().pointer(query.pointer()).i32(query.cols());
        CudaBackend.view(parameters, kvUp).i32(heads).i32(shape.nopeDim()).i32(shape.ropeDim()).i32(shape.valueDim())
                .pointer(absorbed.pointer());
        context.launch(kernels.mlaAbsorbQuery, rows, CudaBackend.ceilDiv(kvDim, 128), 128);

        context.parameters().pointer(absorbed.pointer()).pointer(cache.pointer()).i32(latentRank).i32(shape.ropeDim())
                .i32(rows).i32(heads).i32(startPosition).f32(shape.softmaxScale()).i32(splits).pointer(partU.pointer())
                .pointer(partM.pointer()).pointer(partL.pointer());
        context.launch(kernels.mlaDecodeSplit, rowBlocks, splits, 256);

        context.parameters().pointer(partU.pointer()).pointer(partM.pointer()).pointer(partL.pointer()).i32(rows)
                .i32(latentRank).i32(splits).pointer(latent.pointer());
        context.launch(kernels.mlaCombine, rows, CudaBackend.ceilDiv(latentRank, 128), 128);

        parameters = context.parameters().pointer(latent.pointer());
        CudaBackend.view(parameters, kvUp).i32(rows).i32(heads).i32(shape.nopeDim()).i32(shape.valueDim())
                .pointer(out.pointer()).i32(out.cols());
        context.launch(kernels.mlaValueUp, Math.toIntExact(((long) rows * shape.valueDim() + 7) / 8), 1, 256);
    }

    /** Enough splits to give every SM two blocks, but no split shorter than {@value #POSITIONS_PER_SPLIT} positions. */
    int splits(int longestRow, int rowBlocks) {
        int byLength = CudaBackend.ceilDiv(longestRow, POSITIONS_PER_SPLIT);
        int byOccupancy = Math.max(1, CudaBackend.ceilDiv(2 * context.device().multiprocessors(), rowBlocks));
        return Math.max(1, Math.min(MAX_SPLITS, Math.min(byLength, byOccupancy)));
    }
}
