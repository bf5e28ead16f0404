package dev.latte.generate;

/**
 * The sampling part of the generation options, checked by the caller.
 *
 * @param temperature divides the logits; 0 means greedy decoding
 * @param topK keep this many most likely tokens (ties included); 0 keeps all
 * @param topP keep the smallest most-likely set with this much probability; 1 keeps all
 * @param minP drop tokens below {@code minP × p(max)}; 0 keeps all
 * @param repetitionPenalty CTRL-style penalty on tokens in the prompt or output; 1 disables it
 * @param frequencyPenalty subtracted per occurrence in the output
 * @param presencePenalty subtracted once for each token present in the output
 * @param seed seeds the random draw
 */
public record SamplingSettings(
        double temperature,
        int topK,
        double topP,
        double minP,
        double repetitionPenalty,
        double frequencyPenalty,
        double presencePenalty,
        long seed) {

    /** Greedy decoding with no penalties. */
    public static SamplingSettings greedy() {
        return new SamplingSettings(0, 0, 1, 0, 1, 0, 0, 0);
    }

    public SamplingSettings withSeed(long newSeed) {
        return new SamplingSettings(temperature, topK, topP, minP, repetitionPenalty, frequencyPenalty,
                presencePenalty, newSeed);
    }

    boolean isGreedy() {
        return temperature == 0;
    }

    boolean hasPenalties() {
        return repetitionPenalty != 1 || frequencyPenalty != 0 || presencePenalty != 0;
    }
}
