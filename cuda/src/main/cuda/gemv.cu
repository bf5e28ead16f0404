// Dequantizing matrix-vector products for decode (a few tokens at a time): y[t] = W · x[t].
//
// Memory-bound design: each lane streams 16-byte chunks of weight rows (8 BF16/F16, 4 F32, 16 FP8
// or 32 INT4 values) with read-only vector loads and decodes them in registers; a warp-shuffle sum
// ends each row. One token (decode, *_t1): a warp takes four rows, so every chunk of x it loads
// (with 16-byte loads) serves four weight chunks and four loads are in flight per lane — x would
// otherwise cost more L1 traffic than the weights themselves for FP8 and INT4. Up to eight tokens
// (*_t8): a warp takes one row and multiplies each decoded chunk with all the tokens, so the
// weights are read once per eight tokens. The same code serves dense layers and the routed experts
// of an MoE layer (gathered token rows, one expert per blockIdx.y).
#include "latte_common.cuh"

#define LATTE_GEMV_WARPS 8
#define LATTE_GEMV_ROWS_PER_WARP 4

template <int ENC> struct ChunkDecoder;

template <> struct ChunkDecoder<LATTE_F32> {
    static constexpr int VALUES = 4;
    __device__ static void decode(const WeightView&, int, int, uint4 raw, float* out) {
        out[0] = __int_as_float(raw.x); out[1] = __int_as_float(raw.y);
        out[2] = __int_as_float(raw.z); out[3] = __int_as_float(raw.w);
    }
};

template <> struct ChunkDecoder<LATTE_BF16> {
    static constexpr int VALUES = 8;
    __device__ static void decode(const WeightView&, int, int, uint4 raw, float* out) {
        unsigned int words[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
        for (int i = 0; i < 4; i++) {
            out[2 * i] = __int_as_float((int) (words[i] << 16));
            out[2 * i + 1] = __int_as_float((int) (words[i] & 0xffff0000u));
        }
    }
};

template <> struct ChunkDecoder<LATTE_F16> {
    static constexpr int VALUES = 8;
    __device__ static void decode(const WeightView&, int, int, uint4 raw, float* out) {
        unsigned int words[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
        for (int i = 0; i < 4; i++) {
            out[2 * i] = latte_f16(words[i] & 0xffffu);
            out[2 * i + 1] = latte_f16(words[i] >> 16);
        }
    }
};

// Needs blockCols % 16 == 0 (a chunk lies in one scale block); other shapes take latte_gemm_tiled.
template <> struct ChunkDecoder<LATTE_FP8_BLOCK> {
    static constexpr int VALUES = 16;
    __device__ static void decode(const WeightView& w, int row, int col0, uint4 raw, float* out) {
        float scale = ((const float*) w.scales)[(long long) (row / w.blockRows) * w.scaleCols + col0 / w.blockCols];
        unsigned int words[4] = {raw.x, raw.y, raw.z, raw.w};
#pragma unroll
        for (int i = 0; i < 16; i++) {
            out[i] = latte_fp8((words[i >> 2] >> (8 * (i & 3))) & 0xffu) * scale;
        }
    }
};

// Needs groupSize % 8 == 0 (a word lies in one group); other shapes take latte_gemm_tiled.
template <> struct ChunkDecoder<LATTE_INT4_GROUP> {
    static constexpr int VALUES = 32;
    __device__ static void decode(const WeightView& w, int row, int col0, uint4 raw, float* out) {
        unsigned int words[4] = {raw.x, raw.y, raw.z, raw.w};
        long long scaleRow = (long long) row * w.scaleCols;
#pragma unroll
        for (int i = 0; i < 4; i++) {
            // words past the row's last column are padding: their group has no scale to read
            int group = min((col0 + 8 * i) / w.blockCols, w.scaleCols - 1);
            float scale = latte_scale_at(w.scales, w.scaleType, scaleRow + group);
            float zero = (float) (8 + latte_int4_zero(w, row, group));
#pragma unroll
            for (int j = 0; j < 8; j++) {
                out[8 * i + j] = ((float) ((words[i] >> (4 * j)) & 0xFu) - zero) * scale;
            }
        }
    }
};

// Adds W[row] · x[xRow(t)] for tokens t < count ≤ TOKENS into acc[t], this lane's share of the row.
template <int ENC, int TOKENS>
__device__ __forceinline__ void latte_row_dot(const WeightView& w, int row, const float* __restrict__ x, int ldx,
                                              const int* xRows, int count, float* acc) {
    typedef ChunkDecoder<ENC> D;
    const int lane = threadIdx.x & 31;
    const uint4* rowData = (const uint4*) (w.data + (long long) row * w.rowStride);
    const int chunks = (w.cols + D::VALUES - 1) / D::VALUES;
    const float* xs[TOKENS];
#pragma unroll
    for (int t = 0; t < TOKENS; t++) {
        xs[t] = t < count ? x + (long long) (xRows ? xRows[t] : t) * ldx : x;
    }
#pragma unroll 2
    for (int chunk = lane; chunk < chunks; chunk += LATTE_WARP) {
        uint4 raw = __ldg(rowData + chunk);
        float wv[D::VALUES];
        const int col0 = chunk * D::VALUES;
        D::decode(w, row, col0, raw, wv);
        const int valid = min(D::VALUES, w.cols - col0);
#pragma unroll
        for (int t = 0; t < TOKENS; t++) {
            if (t < count) {
                float sum = 0.f;
                if (valid == D::VALUES) {
#pragma unroll
                    for (int v = 0; v < D::VALUES; v++) {
                        sum = fmaf(wv[v], __ldg(xs[t] + col0 + v), sum);
                    }
                } else {
                    for (int v = 0; v < valid; v++) {
                        sum = fmaf(wv[v], __ldg(xs[t] + col0 + v), sum);
                    }
                }
                acc[t] += sum;
            }
        }
    }
}

template <int TOKENS>
__device__ __forceinline__ void latte_row_dot_any(const WeightView& w, int row, const float* x, int ldx,
                                                  const int* xRows, int count, float* acc) {
    switch (w.encoding) {
        case LATTE_F32: latte_row_dot<LATTE_F32, TOKENS>(w, row, x, ldx, xRows, count, acc); break;
        case LATTE_F16: latte_row_dot<LATTE_F16, TOKENS>(w, row, x, ldx, xRows, count, acc); break;
        case LATTE_BF16: latte_row_dot<LATTE_BF16, TOKENS>(w, row, x, ldx, xRows, count, acc); break;
        case LATTE_FP8_BLOCK: latte_row_dot<LATTE_FP8_BLOCK, TOKENS>(w, row, x, ldx, xRows, count, acc); break;
        default: latte_row_dot<LATTE_INT4_GROUP, TOKENS>(w, row, x, ldx, xRows, count, acc); break;
    }
}

// x[col0 .. col0 + VALUES) into registers: 16-byte loads when x is 16-byte aligned and the chunk is
// whole, zeros past the last column (padding weights are finite, so they contribute nothing).
template <int VALUES>
__device__ __forceinline__ void latte_load_x(const float* __restrict__ x, int col0, int cols, bool aligned,
                                             float* xv) {
    if (aligned && col0 + VALUES <= cols) {
#pragma unroll
        for (int i = 0; i < VALUES / 4; i++) {
            float4 f = __ldg((const float4*) (x + col0) + i);
            xv[4 * i] = f.x;
            xv[4 * i + 1] = f.y;
            xv[4 * i + 2] = f.z;
            xv[4 * i + 3] = f.w;
        }
    } else {
#pragma unroll
        for (int v = 0; v < VALUES; v++) {
            xv[v] = col0 + v < cols ? __ldg(x + col0 + v) : 0.f;
        }
    }
}

// Adds this lane's share of W[row0 + r] · x into acc[r] for the (up to) four rows of the warp.
template <int ENC>
__device__ __forceinline__ void latte_rows_dot(const WeightView& w, int row0, const float* __restrict__ x,
                                               float* acc) {
    typedef ChunkDecoder<ENC> D;
    const int lane = threadIdx.x & 31;
    const int chunks = (w.cols + D::VALUES - 1) / D::VALUES;
    const int rows = min(LATTE_GEMV_ROWS_PER_WARP, w.rows - row0);
    const bool aligned = (((unsigned long long) x) & 15) == 0;
    const unsigned char* base = w.data + (long long) row0 * w.rowStride;
    for (int chunk = lane; chunk < chunks; chunk += LATTE_WARP) {
        uint4 raw[LATTE_GEMV_ROWS_PER_WARP];
#pragma unroll
        for (int r = 0; r < LATTE_GEMV_ROWS_PER_WARP; r++) {
            raw[r] = r < rows ? __ldg((const uint4*) (base + r * w.rowStride) + chunk) : make_uint4(0, 0, 0, 0);
        }
        const int col0 = chunk * D::VALUES;
        float xv[D::VALUES];
        latte_load_x<D::VALUES>(x, col0, w.cols, aligned, xv);
#pragma unroll
        for (int r = 0; r < LATTE_GEMV_ROWS_PER_WARP; r++) {
            if (r < rows) {
                float wv[D::VALUES];
                D::decode(w, row0 + r, col0, raw[r], wv);
                float sum = 0.f;
#pragma unroll
                for (int v = 0; v < D::VALUES; v++) {
                    sum = fmaf(wv[v], xv[v], sum);
                }
                acc[r] += sum;
            }
        }
    }
}

__device__ __forceinline__ void latte_rows_dot_any(const WeightView& w, int row0, const float* x, float* acc) {
    switch (w.encoding) {
        case LATTE_F32: latte_rows_dot<LATTE_F32>(w, row0, x, acc); break;
        case LATTE_F16: latte_rows_dot<LATTE_F16>(w, row0, x, acc); break;
        case LATTE_BF16: latte_rows_dot<LATTE_BF16>(w, row0, x, acc); break;
        case LATTE_FP8_BLOCK: latte_rows_dot<LATTE_FP8_BLOCK>(w, row0, x, acc); break;
        default: latte_rows_dot<LATTE_INT4_GROUP>(w, row0, x, acc); break;
    }
}

// One token: y[row0 + r] = W[row0 + r] · x for the warp's four rows; with `up`, SiLU(W·x) ⊙ (up·x).
__device__ void latte_gemv_single(const WeightView& w, const WeightView* up, int row0, const float* x, float* y) {
    const int lane = threadIdx.x & 31;
    float acc[LATTE_GEMV_ROWS_PER_WARP];
    float accUp[LATTE_GEMV_ROWS_PER_WARP];
#pragma unroll
    for (int r = 0; r < LATTE_GEMV_ROWS_PER_WARP; r++) {
        acc[r] = 0.f;
        accUp[r] = 0.f;
    }
    latte_rows_dot_any(w, row0, x, acc);
    if (up) {
        latte_rows_dot_any(*up, row0, x, accUp);
    }
#pragma unroll
    for (int r = 0; r < LATTE_GEMV_ROWS_PER_WARP; r++) {
        float g = latte_warp_sum(acc[r]);
        float u = up ? latte_warp_sum(accUp[r]) : 0.f;
        if (lane == 0 && row0 + r < w.rows) {
            y[row0 + r] = up ? g / (1.f + expf(-g)) * u : g;
        }
    }
}

// The first of the four rows of this warp in a one-token kernel.
__device__ __forceinline__ int latte_single_row0() {
    return (blockIdx.x * LATTE_GEMV_WARPS + (threadIdx.x >> 5)) * LATTE_GEMV_ROWS_PER_WARP;
}

// The warp's row of W against all `tokens` token rows, TOKENS at a time.
// Without `up`: y = W·x. With `up`: y = SiLU(W·x) ⊙ (up·x), an expert's gate and up projections.
template <int TOKENS>
__device__ void latte_gemv_rows(const WeightView& w, const WeightView* up, int row, const float* x, int ldx,
                                const int* xRows, int tokens, float* y, int ldy, const int* yRows) {
    const int lane = threadIdx.x & 31;
    for (int first = 0; first < tokens; first += TOKENS) {
        int count = min(TOKENS, tokens - first);
        const int* groupXRows = xRows ? xRows + first : 0;
        const float* groupX = xRows ? x : x + (long long) first * ldx;
        float acc[TOKENS];
        float accUp[TOKENS];
#pragma unroll
        for (int t = 0; t < TOKENS; t++) {
            acc[t] = 0.f;
            accUp[t] = 0.f;
        }
        latte_row_dot_any<TOKENS>(w, row, groupX, ldx, groupXRows, count, acc);
        if (up) {
            latte_row_dot_any<TOKENS>(*up, row, groupX, ldx, groupXRows, count, accUp);
        }
#pragma unroll
        for (int t = 0; t < TOKENS; t++) {
            float g = latte_warp_sum(acc[t]);
            float u = up ? latte_warp_sum(accUp[t]) : 0.f;
            if (lane == 0 && t < count) {
                float value = up ? g / (1.f + expf(-g)) * u : g;
                long long yRow = yRows ? yRows[first + t] : first + t;
                y[yRow * ldy + row] = value;
            }
        }
    }
}

// y[t][r] = Σ_c W[r][c] · x[t][c] for t < tokens: x [tokens, ldx], y [tokens, ldy].
// Grid: ceil(rows / 8) blocks of 256 threads.
template <int TOKENS>
__device__ void latte_gemv(const WeightView& w, const float* x, int ldx, float* y, int ldy, int tokens) {
    int row = blockIdx.x * LATTE_GEMV_WARPS + (threadIdx.x >> 5);
    if (row < w.rows) {
        latte_gemv_rows<TOKENS>(w, 0, row, x, ldx, 0, tokens, y, ldy, 0);
    }
}

// Routed experts, grouped by expert: blockIdx.y is an active expert a, expert id experts[a]; its
// slots are slots[offsets[a] .. offsets[a+1]), slot s = t·topK + k, reading token row
// slotTokens[i] of x and writing row s of h. views holds (gate, up, down) per expert id.
// h[s] = SiLU(gate·x) ⊙ (up·x). Grid: (ceil(moeInter / 8), active experts), 256 threads.
template <int TOKENS>
__device__ void latte_expert_gate_up(const WeightView* views, const int* experts, const int* offsets,
                                     const int* slots, const int* slotTokens, const float* x, int ldx, float* h,
                                     int ldh) {
    const int active = blockIdx.y;
    const WeightView gate = views[3 * experts[active]];
    const WeightView up = views[3 * experts[active] + 1];
    int row = blockIdx.x * LATTE_GEMV_WARPS + (threadIdx.x >> 5);
    if (row < gate.rows) {
        int first = offsets[active];
        latte_gemv_rows<TOKENS>(gate, &up, row, x, ldx, slotTokens + first, offsets[active + 1] - first, h, ldh,
                                slots + first);
    }
}

// y[s] = down_e · h[s] for the slots of each active expert (grouping as latte_expert_gate_up).
template <int TOKENS>
__device__ void latte_expert_down(const WeightView* views, const int* experts, const int* offsets, const int* slots,
                                  const float* h, int ldh, float* y, int ldy) {
    const int active = blockIdx.y;
    const WeightView down = views[3 * experts[active] + 2];
    int row = blockIdx.x * LATTE_GEMV_WARPS + (threadIdx.x >> 5);
    if (row < down.rows) {
        int first = offsets[active];
        latte_gemv_rows<TOKENS>(down, 0, row, h, ldh, slots + first, offsets[active + 1] - first, y, ldy,
                                slots + first);
    }
}

// One token (decode): four rows per warp, 32 per block. Grid: ceil(rows / 32) blocks of 256 threads
// (tokens must be 1; ldx and ldy are unused).
extern "C" __global__ void __launch_bounds__(256, 2) latte_gemv_t1(WeightView w, const float* x, int ldx, float* y,
                                                                   int ldy, int tokens) {
    int row0 = latte_single_row0();
    if (row0 < w.rows) {
        latte_gemv_single(w, 0, row0, x, y);
    }
}

// Up to eight tokens: one row per warp, 8 per block. Grid: ceil(rows / 8) blocks of 256 threads.
extern "C" __global__ void __launch_bounds__(256, 2) latte_gemv_t8(WeightView w, const float* x, int ldx, float* y,
                                                                   int ldy, int tokens) {
    latte_gemv<8>(w, x, ldx, y, ldy, tokens);
}

// Experts with one slot each (decode): four rows per warp. Grid: (ceil(moeInter / 32), active experts).
extern "C" __global__ void __launch_bounds__(256, 2) latte_expert_gate_up_t1(const WeightView* views,
                                                                             const int* experts, const int* offsets,
                                                                             const int* slots, const int* slotTokens,
                                                                             const float* x, int ldx, float* h,
                                                                             int ldh) {
    const int active = blockIdx.y;
    const WeightView gate = views[3 * experts[active]];
    const WeightView up = views[3 * experts[active] + 1];
    int row0 = latte_single_row0();
    if (row0 < gate.rows) {
        int position = offsets[active];
        latte_gemv_single(gate, &up, row0, x + (long long) slotTokens[position] * ldx,
                          h + (long long) slots[position] * ldh);
    }
}

extern "C" __global__ void __launch_bounds__(256, 2) latte_expert_gate_up_t8(const WeightView* views,
                                                                             const int* experts, const int* offsets,
                                                                             const int* slots, const int* slotTokens,
                                                                             const float* x, int ldx, float* h,
                                                                             int ldh) {
    latte_expert_gate_up<8>(views, experts, offsets, slots, slotTokens, x, ldx, h, ldh);
}

// Experts with one slot each (decode). Grid: (ceil(hidden / 32), active experts).
extern "C" __global__ void __launch_bounds__(256, 2) latte_expert_down_t1(const WeightView* views, const int* experts,
                                                                          const int* offsets, const int* slots,
                                                                          const float* h, int ldh, float* y, int ldy) {
    const int active = blockIdx.y;
    const WeightView down = views[3 * experts[active] + 2];
    int row0 = latte_single_row0();
    if (row0 < down.rows) {
        int slot = slots[offsets[active]];
        latte_gemv_single(down, 0, row0, h + (long long) slot * ldh, y + (long long) slot * ldy);
    }
}

extern "C" __global__ void __launch_bounds__(256, 2) latte_expert_down_t8(const WeightView* views, const int* experts,
                                                                          const int* offsets, const int* slots,
                                                                          const float* h, int ldh, float* y, int ldy) {
    latte_expert_down<8>(views, experts, offsets, slots, h, ldh, y, ldy);
}

// out[t][c] = Σ_k weights[t·topK + k] · y[t·topK + k][c], summed in k order (deterministic).
extern "C" __global__ void latte_expert_combine(const float* y, const float* weights, int topK, int tokens,
                                                int cols, float* out) {
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) tokens * cols) {
        return;
    }
    int t = (int) (index / cols);
    int c = (int) (index % cols);
    float sum = 0.f;
    for (int k = 0; k < topK; k++) {
        sum = fmaf(weights[t * topK + k], y[(long long) (t * topK + k) * cols + c], sum);
    }
    out[index] = sum;
}
