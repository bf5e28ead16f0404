// Shared definitions of Latte's kernels: the weight view every kernel reads weights through,
// the decoding of each stored encoding, and warp reductions.
//
// Self-contained on purpose (no CUDA or C++ headers): the same text is compiled by nvcc at build
// time and by NVRTC at run time, and the host test compiles the struct with a C compiler to check
// the layout the Java side marshals.
#ifndef LATTE_COMMON_CUH
#define LATTE_COMMON_CUH

// Encodings, numbered as dev.latte.cuda.DeviceWeight.ENCODING_*.
#define LATTE_F32 0
#define LATTE_F16 1
#define LATTE_BF16 2
#define LATTE_FP8_BLOCK 3
#define LATTE_INT4_GROUP 4

// A weight matrix [rows, cols] in device memory, still in its stored encoding. Every row starts
// at a 16-byte boundary (rowStride is a multiple of 16, padding bytes are zero), so rows can be
// streamed with 16-byte vector loads.
//   FP8_BLOCK : data = e4m3 bytes; scales = f32 [ceil(rows/blockRows), scaleCols]
//   INT4_GROUP: data = int32 words, column c is nibble c%8 of word c/8, stored as q+8;
//               scales = [rows, scaleCols] of scaleType (0 f32, 1 f16, 2 bf16), groupSize = blockCols;
//               zeros = optional int32 words [ceil(rows/8), scaleCols], row r is nibble r%8.
// Passed by value as a kernel parameter: 64 bytes, layout checked by the host tests.
struct WeightView {
    const unsigned char* data;
    const unsigned char* scales;
    const unsigned char* zeros;
    long long rowStride;
    int rows;
    int cols;
    int encoding;
    int scaleType;
    int scaleCols;
    int blockRows;
    int blockCols;
    int reserved;
};

#ifdef __CUDACC__

#define LATTE_WARP 32
#define LATTE_FULL_MASK 0xffffffffu
#define LATTE_NEG_INF __int_as_float(0xff800000)

__device__ __forceinline__ float latte_warp_sum(float v) {
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_xor_sync(LATTE_FULL_MASK, v, offset);
    }
    return v;
}

__device__ __forceinline__ float latte_warp_max(float v) {
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
        v = fmaxf(v, __shfl_xor_sync(LATTE_FULL_MASK, v, offset));
    }
    return v;
}

__device__ __forceinline__ float latte_bf16(unsigned int bits16) {
    return __int_as_float((int) (bits16 << 16));
}

__device__ __forceinline__ float latte_f16(unsigned int bits16) {
    float f;
    unsigned short h = (unsigned short) bits16;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
    return f;
}

// e4m3fn: moving the 7 magnitude bits into a float's exponent/mantissa fields gives the value
// times 2^-120 (subnormals included, since denormals are not flushed), so one multiply restores it.
// 0x7F/0xFF (NaN in e4m3fn) decode as 480: checkpoints never store them.
__device__ __forceinline__ float latte_fp8(unsigned int byte) {
    unsigned int bits = ((byte & 0x80u) << 24) | ((byte & 0x7Fu) << 20);
    return __int_as_float((int) bits) * 1.329227995784916e36f; // 2^120
}

__device__ __forceinline__ float latte_scale_at(const unsigned char* scales, int type, long long index) {
    if (type == 0) {
        return ((const float*) scales)[index];
    }
    unsigned int bits = ((const unsigned short*) scales)[index];
    return type == 1 ? latte_f16(bits) : latte_bf16(bits);
}

__device__ __forceinline__ int latte_int4_zero(const WeightView& w, int row, int group) {
    if (w.zeros == 0) {
        return 0;
    }
    int word = ((const int*) w.zeros)[(long long) (row >> 3) * w.scaleCols + group];
    return ((word >> (4 * (row & 7))) & 0xF) - 8;
}

// One element, decoded: the generic path for GEMM tiles, odd shapes and small per-head products.
__device__ __forceinline__ float latte_weight_at(const WeightView& w, int row, int col) {
    const unsigned char* rowData = w.data + (long long) row * w.rowStride;
    switch (w.encoding) {
        case LATTE_F32:
            return ((const float*) rowData)[col];
        case LATTE_F16:
            return latte_f16(((const unsigned short*) rowData)[col]);
        case LATTE_BF16:
            return latte_bf16(((const unsigned short*) rowData)[col]);
        case LATTE_FP8_BLOCK: {
            float scale = ((const float*) w.scales)[(long long) (row / w.blockRows) * w.scaleCols + col / w.blockCols];
            return latte_fp8(rowData[col]) * scale;
        }
        default: {
            int word = ((const int*) rowData)[col >> 3];
            int q = ((word >> (4 * (col & 7))) & 0xF) - 8;
            int group = col / w.blockCols;
            float scale = latte_scale_at(w.scales, w.scaleType, (long long) row * w.scaleCols + group);
            return (float) (q - latte_int4_zero(w, row, group)) * scale;
        }
    }
}

#endif // __CUDACC__
#endif // LATTE_COMMON_CUH
