// Multi-head latent attention in its weight-absorbed form (spec §4.3) over the latent cache.
//
// A cache row is [c_KV (latentRank) ; k_pe (ropeDim)], so one dot product of length
// kvDim = latentRank + ropeDim with an absorbed query row [q̃ ; q_pe] gives a score. The attention
// is split over the sequence (FlashMLA-style): each split keeps a running max, sum and weighted
// latent sum (online softmax), and a combine kernel merges the splits exactly. Query rows are
// (token, head) pairs; row t sees cache positions 0 .. startPosition + t (causal), which also
// serves prefill chunks. The warps of a block handle consecutive query rows (the heads of a
// token), so a block reads each cache row from memory once and serves the other heads from L1.
#include "latte_common.cuh"

#define LATTE_MLA_MAX_DIM 576
#define LATTE_MLA_PER_LANE (LATTE_MLA_MAX_DIM / 32)
#define LATTE_MLA_WARPS 8

// qAbs[t·H + h] = [W_UK^hᵀ · q_nope(t, h) ; q_pe(t, h)]. Grid: (T·H, ceil(kvDim / 128)), 128 threads
// (query rows on x, which has no 65535 limit: a 512-token prefill of 128 heads is 65536 rows).
// kvUp is kv_b_proj [H·(nopeDim + valueDim), latentRank]; query rows are [H × (nopeDim + ropeDim)].
extern "C" __global__ void latte_mla_absorb_query(const float* query, int ldq, WeightView kvUp, int heads,
                                                  int nopeDim, int ropeDim, int valueDim, float* qAbs) {
    const int latentRank = kvUp.cols;
    const int kvDim = latentRank + ropeDim;
    const int queryRow = blockIdx.x;
    const int t = queryRow / heads;
    const int h = queryRow % heads;
    const int c = blockIdx.y * blockDim.x + threadIdx.x;
    if (c >= kvDim) {
        return;
    }
    const float* q = query + (long long) t * ldq + (long long) h * (nopeDim + ropeDim);
    float value;
    if (c < latentRank) {
        value = 0.f;
        const int firstRow = h * (nopeDim + valueDim);
        for (int d = 0; d < nopeDim; d++) {
            value = fmaf(q[d], latte_weight_at(kvUp, firstRow + d, c), value);
        }
    } else {
        value = q[nopeDim + c - latentRank];
    }
    qAbs[(long long) queryRow * kvDim + c] = value;
}

// Split blockIdx.y of `splits` over the causal range of each query row. Grid:
// (ceil(rows / 8), splits), 256 threads; rows = T·H. Writes partial latent sums
// partU[split][row][latentRank], running max partM[split][row] and sum partL[split][row].
extern "C" __global__ void __launch_bounds__(256) latte_mla_decode_split(const float* qAbs, const float* cache,
                                                                         int latentRank, int ropeDim, int rows,
                                                                         int heads, int startPosition, float scale,
                                                                         int splits, float* partU, float* partM,
                                                                         float* partL) {
    const int lane = threadIdx.x & 31;
    const int row = blockIdx.x * LATTE_MLA_WARPS + (threadIdx.x >> 5);
    if (row >= rows) {
        return;
    }
    const int kvDim = latentRank + ropeDim;
    const int length = startPosition + row / heads + 1;
    const int chunk = (length + splits - 1) / splits;
    const int begin = blockIdx.y * chunk;
    const int end = min(length, begin + chunk);
    float q[LATTE_MLA_PER_LANE];
    float acc[LATTE_MLA_PER_LANE];
#pragma unroll
    for (int i = 0; i < LATTE_MLA_PER_LANE; i++) {
        int d = lane + 32 * i;
        q[i] = d < kvDim ? qAbs[(long long) row * kvDim + d] : 0.f;
        acc[i] = 0.f;
    }
    float runningMax = LATTE_NEG_INF;
    float runningSum = 0.f;
    // two positions per step: their loads and shuffle reductions overlap
    for (int j = begin; j < end; j += 2) {
        const bool pair = j + 1 < end;
        const float* key0 = cache + (long long) j * kvDim;
        const float* key1 = pair ? key0 + kvDim : key0;
        float k0[LATTE_MLA_PER_LANE];
        float k1[LATTE_MLA_PER_LANE];
        float dot0 = 0.f;
        float dot1 = 0.f;
#pragma unroll
        for (int i = 0; i < LATTE_MLA_PER_LANE; i++) {
            int d = lane + 32 * i;
            k0[i] = d < kvDim ? __ldg(key0 + d) : 0.f;
            k1[i] = d < kvDim ? __ldg(key1 + d) : 0.f;
            dot0 = fmaf(q[i], k0[i], dot0);
            dot1 = fmaf(q[i], k1[i], dot1);
        }
#pragma unroll
        for (int offset = 16; offset > 0; offset >>= 1) {
            dot0 += __shfl_xor_sync(LATTE_FULL_MASK, dot0, offset);
            dot1 += __shfl_xor_sync(LATTE_FULL_MASK, dot1, offset);
        }
        float score0 = dot0 * scale;
        float score1 = pair ? dot1 * scale : LATTE_NEG_INF;
        float newMax = fmaxf(runningMax, fmaxf(score0, score1));
        float correction = expf(runningMax - newMax);
        float p0 = expf(score0 - newMax);
        float p1 = pair ? expf(score1 - newMax) : 0.f;
        runningSum = runningSum * correction + p0 + p1;
#pragma unroll
        for (int i = 0; i < LATTE_MLA_PER_LANE; i++) {
            int d = lane + 32 * i;
            acc[i] = d < latentRank ? fmaf(p1, k1[i], fmaf(p0, k0[i], acc[i] * correction)) : 0.f;
        }
        runningMax = newMax;
    }
    const long long partRow = (long long) blockIdx.y * rows + row;
#pragma unroll
    for (int i = 0; i < LATTE_MLA_PER_LANE; i++) {
        int d = lane + 32 * i;
        if (d < latentRank) {
            partU[partRow * latentRank + d] = acc[i];
        }
    }
    if (lane == 0) {
        partM[partRow] = runningMax;
        partL[partRow] = runningSum;
    }
}

// u[row][c] = Σ_s e^(m_s − M) · partU[s][row][c] / Σ_s e^(m_s − M) · l_s. Grid: (rows, ceil(latentRank / 128)).
extern "C" __global__ void latte_mla_combine(const float* partU, const float* partM, const float* partL, int rows,
                                             int latentRank, int splits, float* u) {
    const int row = blockIdx.x;
    const int c = blockIdx.y * blockDim.x + threadIdx.x;
    if (c >= latentRank) {
        return;
    }
    float globalMax = LATTE_NEG_INF;
    for (int s = 0; s < splits; s++) {
        globalMax = fmaxf(globalMax, partM[(long long) s * rows + row]);
    }
    float numerator = 0.f;
    float denominator = 0.f;
    for (int s = 0; s < splits; s++) {
        long long partRow = (long long) s * rows + row;
        float m = partM[partRow];
        if (m == LATTE_NEG_INF) {
            continue;
        }
        float weight = expf(m - globalMax);
        numerator = fmaf(weight, partU[partRow * latentRank + c], numerator);
        denominator = fmaf(weight, partL[partRow], denominator);
    }
    u[(long long) row * latentRank + c] = numerator / denominator;
}

// out[t][h·valueDim + v] = W_UV^h[v] · u[t·H + h]. One warp per output value; grid: ceil(T·H·valueDim / 8), 256 threads.
extern "C" __global__ void __launch_bounds__(256) latte_mla_value_up(const float* u, WeightView kvUp, int rows,
                                                                     int heads, int nopeDim, int valueDim,
                                                                     float* out, int ldo) {
    const int lane = threadIdx.x & 31;
    const long long index = (long long) blockIdx.x * LATTE_MLA_WARPS + (threadIdx.x >> 5);
    if (index >= (long long) rows * valueDim) {
        return;
    }
    const int row = (int) (index / valueDim);
    const int v = (int) (index % valueDim);
    const int h = row % heads;
    const int t = row / heads;
    const int latentRank = kvUp.cols;
    const int weightRow = h * (nopeDim + valueDim) + nopeDim + v;
    const float* latent = u + (long long) row * latentRank;
    float sum = 0.f;
    for (int c = lane; c < latentRank; c += 32) {
        sum = fmaf(latte_weight_at(kvUp, weightRow, c), latent[c], sum);
    }
    sum = latte_warp_sum(sum);
    if (lane == 0) {
        out[(long long) t * ldo + (long long) h * valueDim + v] = sum;
    }
}
