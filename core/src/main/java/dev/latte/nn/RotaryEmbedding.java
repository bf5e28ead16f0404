package dev.latte.nn;

import dev.latte.backend.RopeFrequencies;
import dev.latte.model.ModelConfig;
import dev.latte.model.RopeScaling;

/**
 * RoPE frequencies with DeepSeek's YaRN correction and the matching softmax scale (spec §3),
 * computed in float32 as DeepSeek's reference does. YaRN applies whenever the config has
 * {@code rope_scaling}, whatever the context length (spec §3.2).
 */
public final class RotaryEmbedding {
    private RotaryEmbedding() {
    }

    /** The inverse frequency of every rotated pair. */
    public static RopeFrequencies frequencies(ModelConfig config) {
        int dim = config.qkRopeHeadDim();
        double base = config.ropeTheta();
        float[] inverse = new float[dim / 2];
        for (int i = 0; i < inverse.length; i++) {
            inverse[i] = (float) (1.0 / (float) Math.pow(base, (float) (2 * i) / dim));
        }
        RopeScaling yarn = config.ropeScaling();
        if (yarn == null) {
            return new RopeFrequencies(inverse);
        }
        double low = Math.max(Math.floor(correctionDim(yarn.betaFast(), dim, base, yarn.originalMaxPositionEmbeddings())), 0);
        double high = Math.min(Math.ceil(correctionDim(yarn.betaSlow(), dim, base, yarn.originalMaxPositionEmbeddings())), dim - 1);
        if (low == high) {
            high += 0.001;
        }
        float factor = (float) yarn.factor();
        for (int i = 0; i < inverse.length; i++) {
            float ramp = (float) Math.clamp((i - low) / (high - low), 0.0, 1.0);
            inverse[i] = inverse[i] / factor * ramp + inverse[i] * (1 - ramp);
        }
        return new RopeFrequencies(inverse);
    }

    /** {@code (qk_nope_head_dim + qk_rope_head_dim)^−½ · m(s, mscale_all_dim)²} (spec §3.4). */
    public static float softmaxScale(ModelConfig config) {
        double scale = 1.0 / Math.sqrt(config.qkHeadDim());
        RopeScaling yarn = config.ropeScaling();
        if (yarn != null) {
            double m = RopeScaling.magnitude(yarn.factor(), yarn.mscaleAllDim());
            scale *= m * m;
        }
        return (float) scale;
    }

    /** The pair index at which a wavelength makes {@code rotations} turns over the original context. */
    private static double correctionDim(double rotations, int dim, double base, int originalPositions) {
        return dim * Math.log(originalPositions / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
    }
}
