package dev.latte.tokenizer;

/**
 * The BPE merge rules as an open-addressing hash table from a pair of token ids to the rule's
 * rank (its line in {@code merges}, lower merges first) and the id of the merged token. Keys are
 * packed into one {@code long}, so a lookup allocates nothing.
 */
final class MergeTable {
    private static final long EMPTY = -1L;

    private final long[] keys;
    private final int[] ranks;
    private final int[] mergedIds;
    private final int mask;

    MergeTable(int capacityHint) {
        int capacity = Integer.highestOneBit(Math.max(4, capacityHint * 2 - 1)) << 1;
        keys = new long[capacity];
        java.util.Arrays.fill(keys, EMPTY);
        ranks = new int[capacity];
        mergedIds = new int[capacity];
        mask = capacity - 1;
    }

    /** Adds a rule; a later rule for the same pair replaces the earlier one, as in Hugging Face. */
    void put(int left, int right, int rank, int mergedId) {
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ranks[slot] = rank;
        mergedIds[slot] = mergedId;
    }

    /** The slot of the rule merging {@code left} and {@code right}, or -1 where none exists. */
    int find(int left, int right) {
        long key = key(left, right);
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return slot;
            }
            if (k == EMPTY) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The rank of the rule merging the pair, or {@link Integer#MAX_VALUE} where none exists. */
    int rank(int left, int right) {
        int slot = find(left, right);
        return slot < 0 ? Integer.MAX_VALUE : ranks[slot];
    }

    int rankAt(int slot) {
        return ranks[slot];
    }

    int mergedIdAt(int slot) {
        return mergedIds[slot];
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }
}
