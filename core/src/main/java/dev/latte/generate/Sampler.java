package dev.latte.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks each next token from the model's logits, in the order of Hugging Face transformers'
 * logits processors: repetition penalty, frequency and presence penalties, temperature, top-k,
 * top-p, min-p, then a seeded draw from what remains.
 *
 * <p>One sampler serves one generation: it remembers the tokens of the prompt and of the output
 * for the penalties, and its random stream makes the output reproducible for a given seed. Scores
 * are computed in double precision.
 */
public final class Sampler {
    private final SamplingSettings settings;
    private final SplittableRandom random;
    private final boolean[] inContext;
    private final int[] outputCounts;
    private final double[] scores;
    private final int[] order;
    private final long[] sortKeys;

    /**
     * @param vocabularySize the length of every logits row
     * @param promptIds the tokens of the prompt, which the repetition penalty also covers
     */
    public Sampler(SamplingSettings settings, int vocabularySize, int[] promptIds) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.inContext = new boolean[vocabularySize];
        this.outputCounts = new int[vocabularySize];
        this.scores = new double[vocabularySize];
        this.order = new int[vocabularySize];
        this.sortKeys = new long[vocabularySize];
        for (int id : promptIds) {
            if (id >= 0 && id < vocabularySize) {
                inContext[id] = true;
            }
        }
    }

    /** Picks the next token and remembers it for the penalties. */
    public int sample(float[] logits) {
        int token;
        if (settings.isGreedy()) {
            penalise(logits);
            token = argmax();
        } else {
            token = draw(candidates(logits));
        }
        inContext[token] = true;
        outputCounts[token]++;
        return token;
    }

    /**
     * The tokens the next draw chooses from, after every filter; with temperature 0, the single
     * most likely token.
     */
    public Candidates candidates(float[] logits) {
        penalise(logits);
        if (settings.isGreedy()) {
            return new Candidates(new int[] {argmax()}, new double[] {1});
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int id = 0; id < scores.length; id++) {
            scores[id] /= settings.temperature();
            if (scores[id] > max) {
                max = scores[id];
            }
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            throw new IllegalStateException("every logit is -infinity or NaN: nothing to sample");
        }
        double total = settings.topK() == 0 && settings.topP() < 1 ? mass(max) : Double.NaN;
        int n = collectLeadingTokens(max, total);
        sortByDescendingScore(n);
        n = keepTopK(n);
        double[] weights = weights(n, max);
        if (settings.topP() < 1) {
            n = keepTopP(n, weights, settings.topK() == 0 ? total : sum(weights, n));
        }
        if (settings.minP() > 0) {
            n = keepMinP(n, weights);
        }
        double kept = sum(weights, n);
        double[] probabilities = new double[n];
        for (int i = 0; i < n; i++) {
            probabilities[i] = weights[i] / kept;
        }
        return new Candidates(Arrays.copyOf(order, n), probabilities);
    }

    /**
     * Puts into {@link #order} every token scoring at least some threshold, low enough that the
     * tokens above it include all the filters can keep: the top k (ties included), a top-p
     * nucleus of probability mass {@code total}, or the tokens within min-p of the best. Sorting
     * only those spares sorting the whole vocabulary for each token.
     */
    private int collectLeadingTokens(double max, double total) {
        boolean filtered = settings.topK() > 0 || settings.topP() < 1 || settings.minP() > 0;
        double gap = settings.topK() == 0 && settings.topP() >= 1 && settings.minP() > 0
                ? 1 - Math.log(settings.minP())
                : 8;
        while (true) {
            double threshold = filtered ? max - gap : Double.NEGATIVE_INFINITY;
            int n = 0;
            double mass = 0;
            boolean below = false;
            for (int id = 0; id < scores.length; id++) {
                double score = scores[id];
                if (score >= threshold && !Double.isNaN(score) && score != Double.NEGATIVE_INFINITY) {
                    order[n++] = id;
                    mass += Math.exp(score - max);
                } else if (score > Double.NEGATIVE_INFINITY) {
                    below = true;
                }
            }
            boolean enough = settings.topK() > 0 ? n >= settings.topK()
                    : settings.topP() >= 1 || mass >= settings.topP() * total;
            if (enough || !below) {
                return n;
            }
            gap *= 2;
        }
    }

    /**
     * Sorts {@code order[0..n)} by descending score (rounded to float), ties by ascending id, as one
     * primitive sort of packed keys: the score's order-preserving bits above the id.
     */
    private void sortByDescendingScore(int n) {
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits((float) -scores[order[i]]);
            int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
            sortKeys[i] = ((long) ordered << 32) | order[i];
        }
        Arrays.sort(sortKeys, 0, n);
        for (int i = 0; i < n; i++) {
            order[i] = (int) sortKeys[i];
        }
    }

    /** The sum of {@code exp(score - max)} over the vocabulary. */
    private double mass(double max) {
        double mass = 0;
        for (double score : scores) {
            mass += Math.exp(score - max);
        }
        return mass;
    }

    /** {@code exp(score - max)} of the first {@code n} tokens of {@link #order}. */
    private double[] weights(int n, double max) {
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = Math.exp(scores[order[i]] - max);
        }
        return weights;
    }

    private static double sum(double[] values, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return sum;
    }

    private void penalise(float[] logits) {
        if (logits.length != scores.length) {
            throw new IllegalArgumentException(
                    "logits have " + logits.length + " entries, the vocabulary " + scores.length);
        }
        for (int id = 0; id < scores.length; id++) {
            scores[id] = logits[id];
        }
        if (!settings.hasPenalties()) {
            return;
        }
        double repetition = settings.repetitionPenalty();
        for (int id = 0; id < scores.length; id++) {
            if (inContext[id] && repetition != 1) {
                scores[id] = scores[id] > 0 ? scores[id] / repetition : scores[id] * repetition;
            }
            int count = outputCounts[id];
            if (count > 0) {
                scores[id] -= settings.frequencyPenalty() * count + settings.presencePenalty();
            }
        }
    }

    private int argmax() {
        int best = 0;
        for (int id = 1; id < scores.length; id++) {
            if (scores[id] > scores[best]) {
                best = id;
            }
        }
        return best;
    }

    /** Keeps every token scoring at least the k-th best score, as transformers' TopKLogitsWarper. */
    private int keepTopK(int n) {
        int k = settings.topK();
        if (k <= 0 || k >= n) {
            return n;
        }
        double threshold = scores[order[k - 1]];
        while (k < n && scores[order[k]] >= threshold) {
            k++;
        }
        return k;
    }

    /**
     * Keeps the most likely tokens until their mass reaches top-p, at least one: transformers'
     * TopPLogitsWarper, whose probabilities are normalised over {@code total}.
     */
    private int keepTopP(int n, double[] weights, double total) {
        double limit = settings.topP() * total;
        double massBefore = 0;
        int kept = 0;
        while (kept < n && (kept == 0 || massBefore < limit)) {
            massBefore += weights[kept++];
        }
        return kept;
    }

    /** Keeps the tokens at least min-p times as likely as the most likely one. */
    private int keepMinP(int n, double[] weights) {
        double threshold = settings.minP() * weights[0];
        int kept = 1;
        while (kept < n && weights[kept] >= threshold) {
            kept++;
        }
        return kept;
    }

    private int draw(Candidates candidates) {
        double u = random.nextDouble();
        double cumulative = 0;
        double[] probabilities = candidates.probabilities();
        for (int i = 0; i < probabilities.length; i++) {
            cumulative += probabilities[i];
            if (u < cumulative) {
                return candidates.tokenIds()[i];
            }
        }
        return candidates.tokenIds()[probabilities.length - 1];
    }
}
