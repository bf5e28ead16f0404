package dev.latte.model;

/**
 * How a weight matrix is stored in its checkpoint file, which decides how a backend decodes it.
 *
 * <p>A backend declares the encodings it supports ({@code Backend.supports}); the loader checks
 * every weight against that at load time, so generation never meets an encoding it cannot run.
 */
public enum WeightEncoding {
    /** IEEE float32, little-endian. */
    F32,
    /** IEEE float16, little-endian. */
    F16,
    /** bfloat16 (the top 16 bits of a float32), little-endian. */
    BF16,
    /** float8 e4m3fn values times a float32 scale per block of rows × columns (DeepSeek-V3's 128×128). */
    FP8_E4M3_BLOCK,
    /** compressed-tensors {@code pack-quantized}: signed 4-bit values, 8 per int32, a scale (and optionally a zero point) per group of columns. */
    INT4_GROUP
}
