// Row-wise and elementwise operations of the DeepSeek block: embedding lookup, RMSNorm, SiLU·mul,
// residual add, block copy, interleaved RoPE, latent-cache append, softmax and argmax.
// Activations are float32 row-major matrices; every kernel takes its row stride.
#include "latte_common.cuh"

// Sum over the block (blockDim.x a multiple of 32, at most 1024); every thread gets the result.
__device__ float latte_block_sum(float v) {
    __shared__ float partial[32];
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    v = latte_warp_sum(v);
    __syncthreads();
    if (lane == 0) {
        partial[warp] = v;
    }
    __syncthreads();
    int warps = blockDim.x >> 5;
    v = lane < warps ? partial[lane] : 0.f;
    return latte_warp_sum(v);
}

// out[t][c] = table[tokens[t]][c], decoded. Grid covers tokens × cols.
extern "C" __global__ void latte_embed(WeightView table, const int* tokens, int count, float* out, int ldo) {
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) count * table.cols) {
        return;
    }
    int t = (int) (index / table.cols);
    int c = (int) (index % table.cols);
    out[(long long) t * ldo + c] = latte_weight_at(table, tokens[t], c);
}

// One block per row: out[i] = weight[i] · x[i] / sqrt(mean(x²) + eps). out may be x.
extern "C" __global__ void latte_rms_norm(const float* x, int ldx, WeightView weight, float eps, float* out,
                                          int ldo, int cols) {
    const float* row = x + (long long) blockIdx.x * ldx;
    float squares = 0.f;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        float v = row[i];
        squares = fmaf(v, v, squares);
    }
    float total = latte_block_sum(squares);
    float inverse = rsqrtf(total / (float) cols + eps);
    float* dst = out + (long long) blockIdx.x * ldo;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        dst[i] = latte_weight_at(weight, 0, i) * (row[i] * inverse);
    }
}

// out = SiLU(gate) ⊙ up over n contiguous elements; out may be gate.
extern "C" __global__ void latte_silu_mul(const float* gate, const float* up, float* out, long long n) {
    long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float g = gate[i];
        out[i] = g / (1.f + expf(-g)) * up[i];
    }
}

// x += delta over n contiguous elements.
extern "C" __global__ void latte_add(float* x, const float* delta, long long n) {
    long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        x[i] += delta[i];
    }
}

// dst block (rows × cols at dstRow, dstCol) = src block (at srcRow, srcCol).
extern "C" __global__ void latte_copy_block(const float* src, int lds, int srcRow, int srcCol, float* dst, int ldd,
                                            int dstRow, int dstCol, int rows, int cols) {
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) rows * cols) {
        return;
    }
    int r = (int) (index / cols);
    int c = (int) (index % cols);
    dst[(long long) (dstRow + r) * ldd + dstCol + c] = src[(long long) (srcRow + r) * lds + srcCol + c];
}

// Rotates interleaved pairs in place: row t is position startPosition + t; slice j of ropeDim
// columns starts at firstCol + j·colStride; pair i turns by θ = (float) position · invFreq[i].
// One thread per (row, slice, pair).
extern "C" __global__ void latte_rope(float* x, int ldx, int rows, int firstCol, int colStride, int count,
                                      int ropeDim, const float* invFreq, int startPosition) {
    const int pairs = ropeDim / 2;
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) rows * count * pairs) {
        return;
    }
    int pair = (int) (index % pairs);
    int slice = (int) ((index / pairs) % count);
    int row = (int) (index / ((long long) pairs * count));
    float theta = (float) (startPosition + row) * invFreq[pair];
    float s, c;
    sincosf(theta, &s, &c);
    float* v = x + (long long) row * ldx + firstCol + (long long) slice * colStride + 2 * pair;
    float a = v[0];
    float b = v[1];
    v[0] = a * c - b * s;
    v[1] = a * s + b * c;
}

// cache row (startPosition + t) = [latent[t] (latentRank) ; ropeKey[t] (ropeDim)].
extern "C" __global__ void latte_latent_append(float* cache, int latentRank, int ropeDim, const float* latent,
                                               int ldl, const float* ropeKey, int ldr, int tokens, int startPosition) {
    const int width = latentRank + ropeDim;
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) tokens * width) {
        return;
    }
    int t = (int) (index / width);
    int c = (int) (index % width);
    float v = c < latentRank ? latent[(long long) t * ldl + c] : ropeKey[(long long) t * ldr + c - latentRank];
    cache[(long long) (startPosition + t) * width + c] = v;
}

// One block per row: x[row] = softmax(x[row]) in place, max-subtracted.
extern "C" __global__ void latte_softmax_rows(float* x, int ldx, int cols) {
    float* row = x + (long long) blockIdx.x * ldx;
    __shared__ float best[32];
    float m = LATTE_NEG_INF;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        m = fmaxf(m, row[i]);
    }
    m = latte_warp_max(m);
    if ((threadIdx.x & 31) == 0) {
        best[threadIdx.x >> 5] = m;
    }
    __syncthreads();
    m = (threadIdx.x & 31) < (blockDim.x >> 5) ? best[threadIdx.x & 31] : LATTE_NEG_INF;
    m = latte_warp_max(m);
    float sum = 0.f;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        float e = expf(row[i] - m);
        row[i] = e;
        sum += e;
    }
    float inverse = 1.f / latte_block_sum(sum);
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        row[i] *= inverse;
    }
}

// One block per row: result[row] = the index of the row's largest value, the lowest index on ties
// (greedy sampling on the device: only the token id travels back).
extern "C" __global__ void latte_argmax_rows(const float* x, int ldx, int cols, int* result) {
    const float* row = x + (long long) blockIdx.x * ldx;
    __shared__ float values[32];
    __shared__ int indices[32];
    float best = LATTE_NEG_INF;
    int bestIndex = cols;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        float v = row[i];
        if (v > best) {
            best = v;
            bestIndex = i;
        }
    }
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
        float otherValue = __shfl_xor_sync(LATTE_FULL_MASK, best, offset);
        int otherIndex = __shfl_xor_sync(LATTE_FULL_MASK, bestIndex, offset);
        if (otherValue > best || (otherValue == best && otherIndex < bestIndex)) {
            best = otherValue;
            bestIndex = otherIndex;
        }
    }
    if ((threadIdx.x & 31) == 0) {
        values[threadIdx.x >> 5] = best;
        indices[threadIdx.x >> 5] = bestIndex;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        for (int w = 1; w < (int) (blockDim.x >> 5); w++) {
            if (values[w] > best || (values[w] == best && indices[w] < bestIndex)) {
                best = values[w];
                bestIndex = indices[w];
            }
        }
        result[blockIdx.x] = bestIndex;
    }
}
