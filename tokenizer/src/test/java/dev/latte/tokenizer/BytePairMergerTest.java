package dev.latte.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The heap-based merge for long words against the textbook BPE loop (merge the lowest-ranked
 * adjacent pair, leftmost first, until none has a rule) on random rule sets and words, including
 * rules whose results feed further rules and words of repeated symbols.
 */
class BytePairMergerTest {

    @Test
    void heapMergeAgreesWithTheTextbookLoop() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 300; round++) {
            int symbols = random.nextInt(2, 6);
            MergeTable table = new MergeTable(64);
            List<int[]> rules = new ArrayList<>();
            int nextId = symbols;
            for (int rank = 0; rank < 40; rank++) {
                int left = random.nextInt(nextId);
                int right = random.nextInt(nextId);
                if (table.find(left, right) >= 0) {
                    continue;
                }
                table.put(left, right, rank, nextId);
                rules.add(new int[] {left, right, rank, nextId});
                nextId++;
            }
            int[] word = random.ints(random.nextInt(1, 400), 0, symbols).toArray();
            int[] expected = textbook(word, rules);
            int[] actual = word.clone();
            int length = BytePairMerger.mergeLong(actual, actual.length, table);
            assertThat(Arrays.copyOf(actual, length)).as("round %d", round).containsExactly(expected);
            int[] viaShort = word.clone();
            int shortLength = BytePairMerger.mergeShort(viaShort, viaShort.length, table);
            assertThat(Arrays.copyOf(viaShort, shortLength)).as("round %d", round).containsExactly(expected);
        }
    }

    private static int[] textbook(int[] word, List<int[]> rules) {
        List<Integer> symbols = new ArrayList<>();
        for (int s : word) {
            symbols.add(s);
        }
        while (true) {
            int bestRank = Integer.MAX_VALUE;
            int bestPos = -1;
            int merged = -1;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                for (int[] rule : rules) {
                    if (rule[0] == symbols.get(i) && rule[1] == symbols.get(i + 1) && rule[2] < bestRank) {
                        bestRank = rule[2];
                        bestPos = i;
                        merged = rule[3];
                    }
                }
            }
            if (bestPos < 0) {
                return symbols.stream().mapToInt(Integer::intValue).toArray();
            }
            symbols.set(bestPos, merged);
            symbols.remove(bestPos + 1);
        }
    }
}
