package dev.latte.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the sampler against a direct double-precision transcription of Hugging Face's logits
 * warpers, which mask removed tokens with -infinity on the full vocabulary.
 */
class SamplerTest {
    private static final int VOCABULARY = 500;

    @Test
    void topKKeepsTheKHighestScores() {
        float[] logits = knownLogits(1);
        Set<Integer> kept = keptIds(settings(1, 20, 1, 0), logits);
        double[] expected = masked(scaled(logits, 1), topK(scaled(logits, 1), 20));
        assertThat(kept).isEqualTo(support(expected)).hasSize(20);
    }

    @Test
    void topKKeepsEveryTokenTiedWithTheKth() {
        float[] logits = {1, 3, 2, 2, 0.5f};
        assertThat(keptIds(settings(1, 2, 1, 0), logits)).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void topPKeepsTheSmallestSetReachingTheMassAsTransformersDoes() {
        for (double p : new double[] {0.1, 0.5, 0.8, 0.95}) {
            float[] logits = knownLogits(2);
            double[] scores = scaled(logits, 0.8);
            Set<Integer> expected = support(masked(scores, topP(scores, p)));
            assertThat(keptIds(settings(0.8, 0, p, 0), logits)).as("top-p %s", p).isEqualTo(expected);
        }
    }

    @Test
    void minPDropsTokensFarBelowTheMostLikely() {
        for (double minP : new double[] {0.01, 0.1, 0.5}) {
            float[] logits = knownLogits(3);
            double[] scores = scaled(logits, 1.3);
            Set<Integer> expected = support(masked(scores, minP(scores, minP)));
            assertThat(keptIds(settings(1.3, 0, 1, minP), logits)).as("min-p %s", minP).isEqualTo(expected);
        }
    }

    @Test
    void filtersApplyInTransformersOrderAndProbabilitiesAreRenormalised() {
        float[] logits = knownLogits(4);
        double[] scores = scaled(logits, 0.7);
        scores = masked(scores, topK(scores, 60));
        scores = masked(scores, topP(scores, 0.9));
        scores = masked(scores, minP(scores, 0.05));
        double[] expected = softmax(scores);

        Candidates candidates = new Sampler(settings(0.7, 60, 0.9, 0.05), logits.length, new int[0]).candidates(logits);

        assertThat(toSet(candidates.tokenIds())).isEqualTo(support(scores));
        for (int i = 0; i < candidates.size(); i++) {
            assertThat(candidates.probabilities()[i]).isCloseTo(expected[candidates.tokenIds()[i]], within(1e-12));
        }
        for (int i = 1; i < candidates.size(); i++) {
            assertThat(candidates.probabilities()[i]).isLessThanOrEqualTo(candidates.probabilities()[i - 1]);
        }
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
        float[] logits = {2.0f, -1.0f, 0.5f, 1.5f, -0.25f};
        int[] prompt = {0, 1};
        double[] penalised = {2.0 / 1.3, -1.0 * 1.3, 0.5, 1.5, -0.25};
        Candidates candidates = new Sampler(
                new SamplingSettings(1, 0, 1, 0, 1.3, 0, 0, 7), logits.length, prompt).candidates(logits);
        double[] expected = softmax(penalised);
        for (int i = 0; i < candidates.size(); i++) {
            assertThat(candidates.probabilities()[i]).isCloseTo(expected[candidates.tokenIds()[i]], within(1e-12));
        }
    }

    @Test
    void frequencyAndPresencePenaltiesCountTheGeneratedTokens() {
        float[] logits = {5.0f, 1.2f, 0.0f, -1.0f};
        // Temperature 0 (greedy) still applies the penalties: token 0 wins twice, then drops.
        Sampler sampler = new Sampler(new SamplingSettings(0, 0, 1, 0, 1, 1.5, 1.0, 0), logits.length, new int[0]);
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            picked.add(sampler.sample(logits));
        }
        // After n picks of token 0 its score is 5 - (1.5 n + 1): 2.5 after one, 1.0 after two (< 1.2).
        assertThat(picked).containsExactly(0, 0, 1);
    }

    @Test
    void greedyPicksTheFirstHighestLogit() {
        float[] logits = knownLogits(5);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        assertThat(new Sampler(SamplingSettings.greedy(), logits.length, new int[0]).sample(logits)).isEqualTo(best);
        assertThat(new Sampler(SamplingSettings.greedy(), 3, new int[0]).sample(new float[] {1, 4, 4})).isEqualTo(1);
    }

    @Test
    void theSameSeedGivesTheSameTokens() {
        SamplingSettings settings = settings(1.0, 0, 1, 0).withSeed(1234);
        assertThat(draws(settings, 200)).isEqualTo(draws(settings, 200));
        assertThat(draws(settings, 200)).isNotEqualTo(draws(settings.withSeed(1235), 200));
    }

    @Test
    void drawsFollowTheCandidateProbabilities() {
        float[] logits = {0.0f, 1.0f, 2.0f, -1.0f};
        Sampler sampler = new Sampler(new SamplingSettings(1, 0, 1, 0, 1, 0, 0, 99), logits.length, new int[0]);
        int draws = 40_000;
        int[] counts = new int[logits.length];
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(logits)]++;
        }
        double[] expected = softmax(scaled(logits, 1));
        for (int id = 0; id < logits.length; id++) {
            double sigma = Math.sqrt(expected[id] * (1 - expected[id]) / draws);
            assertThat((double) counts[id] / draws).as("token %d", id).isCloseTo(expected[id], within(5 * sigma));
        }
    }

    private static List<Integer> draws(SamplingSettings settings, int n) {
        Sampler sampler = new Sampler(settings, VOCABULARY, new int[0]);
        float[] logits = knownLogits(6);
        List<Integer> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(sampler.sample(logits));
        }
        return tokens;
    }

    private static SamplingSettings settings(double temperature, int topK, double topP, double minP) {
        return new SamplingSettings(temperature, topK, topP, minP, 1, 0, 0, 42);
    }

    private static Set<Integer> keptIds(SamplingSettings settings, float[] logits) {
        return toSet(new Sampler(settings, logits.length, new int[0]).candidates(logits).tokenIds());
    }

    private static float[] knownLogits(long seed) {
        Random random = new Random(seed);
        float[] logits = new float[VOCABULARY];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (random.nextGaussian() * 3);
        }
        return logits;
    }

    private static double[] scaled(float[] logits, double temperature) {
        double[] scores = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            scores[i] = logits[i] / temperature;
        }
        return scores;
    }

    /** TopKLogitsWarper: remove scores below the k-th largest. */
    private static boolean[] topK(double[] scores, int k) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double kth = sorted[sorted.length - k];
        boolean[] keep = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            keep[i] = scores[i] >= kth;
        }
        return keep;
    }

    /** TopPLogitsWarper: sort ascending, remove where the cumulative probability is <= 1 - p. */
    private static boolean[] topP(double[] scores, double p) {
        double[] probabilities = softmax(scores);
        Integer[] ascending = new Integer[scores.length];
        for (int i = 0; i < ascending.length; i++) {
            ascending[i] = i;
        }
        Arrays.sort(ascending, (a, b) -> Double.compare(scores[a], scores[b]));
        boolean[] keep = new boolean[scores.length];
        double cumulative = 0;
        for (int rank = 0; rank < ascending.length; rank++) {
            cumulative += probabilities[ascending[rank]];
            keep[ascending[rank]] = cumulative > 1 - p || rank == ascending.length - 1;
        }
        return keep;
    }

    /** MinPLogitsWarper: remove tokens whose probability is below min-p times the top one's. */
    private static boolean[] minP(double[] scores, double minP) {
        double[] probabilities = softmax(scores);
        double top = Arrays.stream(probabilities).max().orElseThrow();
        boolean[] keep = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            keep[i] = probabilities[i] >= minP * top;
        }
        return keep;
    }

    private static double[] masked(double[] scores, boolean[] keep) {
        double[] result = scores.clone();
        for (int i = 0; i < result.length; i++) {
            if (!keep[i]) {
                result[i] = Double.NEGATIVE_INFINITY;
            }
        }
        return result;
    }

    private static double[] softmax(double[] scores) {
        double max = Arrays.stream(scores).max().orElseThrow();
        double[] probabilities = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            probabilities[i] = Math.exp(scores[i] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < scores.length; i++) {
            probabilities[i] /= sum;
        }
        return probabilities;
    }

    private static Set<Integer> support(double[] scores) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] != Double.NEGATIVE_INFINITY) {
                ids.add(i);
            }
        }
        return ids;
    }

    private static Set<Integer> toSet(int[] ids) {
        Set<Integer> set = new HashSet<>();
        for (int id : ids) {
            set.add(id);
        }
        return set;
    }
}
