package dev.latte.backend;

/**
 * The dimensions of one MLA layer's attention and its softmax scale.
 *
 * <p>A query row holds {@code heads} blocks of {@code nopeDim + ropeDim} floats
 * ({@code [q_nope ; q_pe]}, q_pe already rotated); {@code kv_b_proj} holds per head {@code nopeDim}
 * rows of {@code W_UK} then {@code valueDim} rows of {@code W_UV}, each {@code latentRank} wide.
 *
 * @param softmaxScale {@code (nopeDim+ropeDim)^−½ · mscale²} (spec §3.4)
 */
public record AttentionShape(int heads, int nopeDim, int ropeDim, int valueDim, int latentRank, float softmaxScale) {

    /** Width of one head's query: {@code nopeDim + ropeDim}. */
    public int queryHeadDim() {
        return nopeDim + ropeDim;
    }

    /** Columns of a query row: {@code heads × (nopeDim + ropeDim)}. */
    public int queryCols() {
        return heads * queryHeadDim();
    }

    /** Columns of the attention output, before {@code o_proj}: {@code heads × valueDim}. */
    public int outputCols() {
        return heads * valueDim;
    }
}
