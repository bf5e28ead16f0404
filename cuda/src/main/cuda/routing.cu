// MoE top-k routing on the device (spec §5.3, §5.4): router logits → expert ids and weights,
// so a decode step need not bring the router scores back to the host.
//
// One warp per token; a lane holds experts lane, lane+32, ... (at most LATTE_MAX_EXPERTS).
// scoring 0 = softmax (V2), 1 = sigmoid (V3). Selection scores are the scores plus the optional
// correction bias; groups are contiguous blocks of experts / nGroup, scored by their maximum
// (groupTopTwo 0, V2) or the sum of their two best (groupTopTwo 1, V3); experts outside the best
// topkGroup groups are masked with −∞. Ties go to the lower index. Weights are the unbiased
// scores, renormalised when normalize is 1 (no epsilon, as DeepSeek's reference), times scaling.
#include "latte_common.cuh"

#define LATTE_MAX_EXPERTS 512
#define LATTE_PER_LANE (LATTE_MAX_EXPERTS / 32)
#define LATTE_MAX_GROUPS 32

// The warp's largest (value, index) pair; ties to the lower index.
__device__ __forceinline__ void latte_warp_argmax(float& value, int& index) {
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
        float otherValue = __shfl_xor_sync(LATTE_FULL_MASK, value, offset);
        int otherIndex = __shfl_xor_sync(LATTE_FULL_MASK, index, offset);
        if (otherValue > value || (otherValue == value && otherIndex < index)) {
            value = otherValue;
            index = otherIndex;
        }
    }
}

extern "C" __global__ void latte_topk_routing(const float* logits, int ldl, int tokens, int experts,
                                              const float* bias, int scoring, int nGroup, int topkGroup,
                                              int groupTopTwo, int topK, int normalize, float scaling,
                                              int* selected, float* weights) {
    __shared__ float selection[4][LATTE_MAX_EXPERTS];
    const int warp = threadIdx.x >> 5;
    const int lane = threadIdx.x & 31;
    const int token = blockIdx.x * 4 + warp;
    if (token >= tokens) {
        return;
    }
    const float* row = logits + (long long) token * ldl;
    float score[LATTE_PER_LANE];
    float choose[LATTE_PER_LANE];
    float rowMax = LATTE_NEG_INF;
#pragma unroll
    for (int i = 0; i < LATTE_PER_LANE; i++) {
        int e = lane + 32 * i;
        score[i] = e < experts ? row[e] : LATTE_NEG_INF;
        rowMax = fmaxf(rowMax, score[i]);
    }
    if (scoring == 0) {
        rowMax = latte_warp_max(rowMax);
        float sum = 0.f;
#pragma unroll
        for (int i = 0; i < LATTE_PER_LANE; i++) {
            score[i] = lane + 32 * i < experts ? expf(score[i] - rowMax) : 0.f;
            sum += score[i];
        }
        float inverse = 1.f / latte_warp_sum(sum);
#pragma unroll
        for (int i = 0; i < LATTE_PER_LANE; i++) {
            score[i] *= inverse;
        }
    } else {
#pragma unroll
        for (int i = 0; i < LATTE_PER_LANE; i++) {
            score[i] = 1.f / (1.f + expf(-score[i]));
        }
    }
#pragma unroll
    for (int i = 0; i < LATTE_PER_LANE; i++) {
        int e = lane + 32 * i;
        choose[i] = e < experts ? score[i] + (bias ? bias[e] : 0.f) : LATTE_NEG_INF;
        if (e < experts) {
            selection[warp][e] = choose[i];
        }
    }
    __syncwarp();
    if (nGroup > 1) {
        const int groupSize = experts / nGroup;
        float groupScore = LATTE_NEG_INF;
        if (lane < nGroup) {
            float first = LATTE_NEG_INF, second = LATTE_NEG_INF;
            for (int e = lane * groupSize; e < (lane + 1) * groupSize; e++) {
                float v = selection[warp][e];
                if (v > first) {
                    second = first;
                    first = v;
                } else if (v > second) {
                    second = v;
                }
            }
            groupScore = groupTopTwo ? first + second : first;
        }
        unsigned int kept = 0;
        for (int g = 0; g < topkGroup; g++) {
            float value = groupScore;
            int index = lane;
            latte_warp_argmax(value, index);
            kept |= 1u << index;
            if (lane == index) {
                groupScore = LATTE_NEG_INF;
            }
        }
#pragma unroll
        for (int i = 0; i < LATTE_PER_LANE; i++) {
            int e = lane + 32 * i;
            if (e < experts && !((kept >> (e / groupSize)) & 1u)) {
                choose[i] = LATTE_NEG_INF;
            }
        }
    }
    float chosenWeight = 0.f;
    float total = 0.f;
    for (int k = 0; k < topK; k++) {
        float value = LATTE_NEG_INF;
        int index = experts;
#pragma unroll
        for (int i = 0; i < LATTE_PER_LANE; i++) {
            int e = lane + 32 * i;
            if (choose[i] > value) {
                value = choose[i];
                index = e;
            }
        }
        latte_warp_argmax(value, index);
        float weight = 0.f;
#pragma unroll
        for (int i = 0; i < LATTE_PER_LANE; i++) {
            if (lane + 32 * i == index) {
                weight = score[i];
                choose[i] = LATTE_NEG_INF;
            }
        }
        weight = __shfl_sync(LATTE_FULL_MASK, weight, index & 31);
        total += weight;
        if (lane == k) {
            chosenWeight = weight;
        }
        if (lane == 0) {
            selected[token * topK + k] = index;
        }
    }
    if (lane < topK) {
        float factor = normalize ? scaling / total : scaling;
        weights[token * topK + lane] = chosenWeight * factor;
    }
}
