package dev.latte.model;

/**
 * YaRN context extension as {@code config.json}'s {@code rope_scaling} describes it (spec §3).
 *
 * @param factor                        {@code s}: how much longer the context is than in pre-training
 * @param originalMaxPositionEmbeddings {@code L0}
 * @param betaFast                      rotations above which a pair is left untouched (extrapolated)
 * @param betaSlow                      rotations below which a pair is divided by {@code s} (interpolated)
 * @param mscale                        magnitude parameter of the cos/sin multiplier
 * @param mscaleAllDim                  magnitude parameter of the softmax-scale correction
 */
public record RopeScaling(double factor, int originalMaxPositionEmbeddings, double betaFast, double betaSlow,
                          double mscale, double mscaleAllDim) {

    /** {@code m(s, μ) = 1} for {@code s ≤ 1}, else {@code 0.1·μ·ln s + 1}. */
    public static double magnitude(double factor, double mu) {
        return factor <= 1 ? 1.0 : 0.1 * mu * Math.log(factor) + 1.0;
    }
}
