// Dequantizing matrix product for prefill (many tokens): y = x · Wᵀ, x [tokens, ldx], W [rows, cols]
// in any stored encoding, y [tokens, ldy], float32 accumulation.
//
// A plain shared-memory tiled kernel: each 256-thread block computes a 64-token × 64-row tile of y,
// staging 64×32 tiles of x and of W (decoded to float32 once per element) in shared memory; each
// thread accumulates a 4×4 sub-tile. Correct for every shape; a library GEMM (cuBLASLt through FFM,
// BF16/FP8 tensor cores) is the planned replacement for large prefills.
#include "latte_common.cuh"

#define LATTE_TILE 64
#define LATTE_TILE_K 32

extern "C" __global__ void __launch_bounds__(256) latte_gemm_tiled(WeightView w, const float* x, int ldx, float* y,
                                                                   int ldy, int tokens) {
    __shared__ float xs[LATTE_TILE_K][LATTE_TILE + 1];
    __shared__ float ws[LATTE_TILE_K][LATTE_TILE + 1];
    const int tokenBase = blockIdx.y * LATTE_TILE;
    const int rowBase = blockIdx.x * LATTE_TILE;
    const int tx = threadIdx.x & 15;  // row direction
    const int ty = threadIdx.x >> 4;  // token direction
    float acc[4][4];
#pragma unroll
    for (int i = 0; i < 4; i++) {
#pragma unroll
        for (int j = 0; j < 4; j++) {
            acc[i][j] = 0.f;
        }
    }
    for (int k0 = 0; k0 < w.cols; k0 += LATTE_TILE_K) {
        for (int i = threadIdx.x; i < LATTE_TILE * LATTE_TILE_K; i += blockDim.x) {
            int local = i / LATTE_TILE_K;
            int k = i % LATTE_TILE_K;
            int col = k0 + k;
            int token = tokenBase + local;
            int row = rowBase + local;
            xs[k][local] = (token < tokens && col < w.cols) ? x[(long long) token * ldx + col] : 0.f;
            ws[k][local] = (row < w.rows && col < w.cols) ? latte_weight_at(w, row, col) : 0.f;
        }
        __syncthreads();
#pragma unroll 8
        for (int k = 0; k < LATTE_TILE_K; k++) {
            float a[4], b[4];
#pragma unroll
            for (int i = 0; i < 4; i++) {
                a[i] = xs[k][ty + 16 * i];
                b[i] = ws[k][tx + 16 * i];
            }
#pragma unroll
            for (int i = 0; i < 4; i++) {
#pragma unroll
                for (int j = 0; j < 4; j++) {
                    acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
                }
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; i++) {
        int token = tokenBase + ty + 16 * i;
#pragma unroll
        for (int j = 0; j < 4; j++) {
            int row = rowBase + tx + 16 * j;
            if (token < tokens && row < w.rows) {
                y[(long long) token * ldy + row] = acc[i][j];
            }
        }
    }
}
