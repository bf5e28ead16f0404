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
    private final int[] scratch;

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
        this.scratch = new int[vocabularySize];
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
        int n = 0;
        for (int id = 0; id < scores.length; id++) {
            scores[id] /= settings.temperature();
            if (scores[id] != Double.NEGATIVE_INFINITY && !Double.isNaN(scores[id])) {
                order[n++] = id;
            }
        }
        if (n == 0) {
            throw new IllegalStateException("every logit is -infinity or NaN: nothing to sample");
        }
        ScoreOrder.sortDescending(order, n, scores, scratch);
        n = keepTopK(n);
        if (settings.topP() < 1) {
            n = keepTopP(n, softmax(n));
        }
        if (settings.minP() > 0) {
            n = keepMinP(n, softmax(n));
        }
        return new Candidates(Arrays.copyOf(order, n), softmax(n));
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

    /** Keeps the most likely tokens until their mass reaches top-p, at least one. */
    private int keepTopP(int n, double[] probabilities) {
        double topP = settings.topP();
        double massBefore = 0;
        int kept = 0;
        while (kept < n && (kept == 0 || massBefore < topP)) {
            massBefore += probabilities[kept++];
        }
        return kept;
    }

    /** Keeps the tokens at least min-p times as likely as the most likely one. */
    private int keepMinP(int n, double[] probabilities) {
        double minP = settings.minP();
        double threshold = minP * probabilities[0];
        int kept = 1;
        while (kept < n && probabilities[kept] >= threshold) {
            kept++;
        }
        return kept;
    }

    /** The probabilities of the first {@code n} tokens of {@link #order}, renormalised among them. */
    private double[] softmax(int n) {
        double max = scores[order[0]];
        double[] probabilities = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            probabilities[i] = Math.exp(scores[order[i]] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < n; i++) {
            probabilities[i] /= sum;
        }
        return probabilities;
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
