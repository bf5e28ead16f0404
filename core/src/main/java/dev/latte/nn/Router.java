package dev.latte.nn;

import dev.latte.backend.Routing;
import dev.latte.model.ModelConfig;
import java.util.Arrays;

/**
 * Turns router logits into each token's experts and mixing weights, on the host in float32
 * (spec §5.3–5.4):
 * <ol>
 *   <li>scores: softmax or sigmoid of the logits;</li>
 *   <li>selection scores: the scores plus {@code e_score_correction_bias} when there is one (it
 *       affects selection only, never the weights);</li>
 *   <li>group-limited methods keep the {@code topk_group} best of {@code n_group} contiguous groups,
 *       a group scored by its maximum ({@code group_limited_greedy}) or the sum of its two largest
 *       selection scores ({@code noaux_tc}), and mask the rest to −∞;</li>
 *   <li>the top {@code num_experts_per_tok} selection scores win; their unbiased scores are the
 *       weights, renormalised to sum 1 if {@code norm_topk_prob}, then times {@code routed_scaling_factor}.</li>
 * </ol>
 * Ties go to the lower expert (or group) index, so routing is deterministic.
 */
public final class Router {
    private final int experts;
    private final int topK;
    private final int groups;
    private final int keptGroups;
    private final boolean sigmoid;
    private final boolean groupByTopTwoSum;
    private final boolean groupLimited;
    private final boolean renormalize;
    private final float scalingFactor;
    /** {@code e_score_correction_bias} {@code [experts]}, or {@code null}. */
    private final float[] scoreCorrectionBias;

    public Router(ModelConfig config, float[] scoreCorrectionBias) {
        this.experts = config.nRoutedExperts();
        this.topK = config.numExpertsPerTok();
        this.groups = config.nGroup();
        this.keptGroups = config.topkGroup();
        this.sigmoid = config.scoringFunc().equals("sigmoid");
        this.groupLimited = !config.topkMethod().equals("greedy") && groups > 1;
        this.groupByTopTwoSum = config.topkMethod().equals("noaux_tc");
        this.renormalize = config.normTopkProb();
        this.scalingFactor = (float) config.routedScalingFactor();
        this.scoreCorrectionBias = scoreCorrectionBias;
    }

    /** Routes {@code tokens} rows of router logits ({@code [tokens × experts]}, row-major). */
    public Routing route(float[] logits, int tokens) {
        int[] chosen = new int[tokens * topK];
        float[] weights = new float[tokens * topK];
        float[] scores = new float[experts];
        float[] selection = new float[experts];
        for (int t = 0; t < tokens; t++) {
            score(logits, t * experts, scores);
            for (int e = 0; e < experts; e++) {
                selection[e] = scoreCorrectionBias == null ? scores[e] : scores[e] + scoreCorrectionBias[e];
            }
            if (groupLimited) {
                maskWeakGroups(selection);
            }
            float sum = 0;
            for (int k = 0; k < topK; k++) {
                int best = argmax(selection, 0, experts);
                chosen[t * topK + k] = best;
                weights[t * topK + k] = scores[best];
                sum += scores[best];
                selection[best] = Float.NEGATIVE_INFINITY;
            }
            for (int k = 0; k < topK; k++) {
                float w = renormalize ? weights[t * topK + k] / sum : weights[t * topK + k];
                weights[t * topK + k] = w * scalingFactor;
            }
        }
        return new Routing(tokens, topK, chosen, weights);
    }

    private void score(float[] logits, int offset, float[] scores) {
        if (sigmoid) {
            for (int e = 0; e < experts; e++) {
                scores[e] = (float) (1 / (1 + Math.exp(-logits[offset + e])));
            }
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int e = 0; e < experts; e++) {
            max = Math.max(max, logits[offset + e]);
        }
        float sum = 0;
        for (int e = 0; e < experts; e++) {
            scores[e] = (float) Math.exp(logits[offset + e] - max);
            sum += scores[e];
        }
        for (int e = 0; e < experts; e++) {
            scores[e] /= sum;
        }
    }

    private void maskWeakGroups(float[] selection) {
        int size = experts / groups;
        float[] groupScores = new float[groups];
        for (int g = 0; g < groups; g++) {
            int first = argmax(selection, g * size, size);
            if (groupByTopTwoSum) {
                float top = selection[first];
                selection[first] = Float.NEGATIVE_INFINITY;
                int second = argmax(selection, g * size, size);
                selection[first] = top;
                groupScores[g] = top + selection[second];
            } else {
                groupScores[g] = selection[first];
            }
        }
        boolean[] kept = new boolean[groups];
        for (int k = 0; k < keptGroups; k++) {
            int best = argmax(groupScores, 0, groups);
            kept[best] = true;
            groupScores[best] = Float.NEGATIVE_INFINITY;
        }
        for (int g = 0; g < groups; g++) {
            if (!kept[g]) {
                Arrays.fill(selection, g * size, (g + 1) * size, Float.NEGATIVE_INFINITY);
            }
        }
    }

    /** Index of the largest of {@code values[from .. from+length)}, the lowest index among equals. */
    private static int argmax(float[] values, int from, int length) {
        int best = from;
        for (int i = from + 1; i < from + length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
