package dev.latte.generate;

/**
 * The tokens left after the sampling filters, most likely first, with their renormalised
 * probabilities.
 *
 * @param tokenIds the kept token ids, by descending probability (ties by ascending id)
 * @param probabilities the probability of each kept token; they add up to 1
 */
public record Candidates(int[] tokenIds, double[] probabilities) {

    public int size() {
        return tokenIds.length;
    }
}
