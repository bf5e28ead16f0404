package dev.latte.tokenizer;

import java.util.Arrays;

/**
 * Applies BPE merge rules to one pre-token: repeatedly merges the adjacent pair with the lowest
 * rank, the leftmost one among equals, until no adjacent pair has a rule. This is the order in
 * which Hugging Face's {@code Word::merge_all} merges.
 *
 * <p>Short words (nearly all) use arrays and a linear scan of cached pair ranks; long ones (runs
 * of spaces, long identifiers, base64) a binary heap of (rank, position) over a linked list of
 * symbols, so that a 10,000-byte word costs O(n log n) rather than O(n²).
 */
final class BytePairMerger {
    static final int SHORT_WORD = 48;

    private BytePairMerger() {
    }

    /** Merges {@code symbols} (token ids, one per byte to begin with) in place; returns the new length. */
    static int merge(int[] symbols, int length, MergeTable merges) {
        return length <= SHORT_WORD ? mergeShort(symbols, length, merges) : mergeLong(symbols, length, merges);
    }

    static int mergeShort(int[] symbols, int length, MergeTable merges) {
        int[] ranks = new int[Math.max(length - 1, 0)];
        for (int i = 0; i + 1 < length; i++) {
            ranks[i] = merges.rank(symbols[i], symbols[i + 1]);
        }
        int n = length;
        while (n > 1) {
            int best = 0;
            for (int i = 1; i < n - 1; i++) {
                if (ranks[i] < ranks[best]) {
                    best = i;
                }
            }
            if (ranks[best] == Integer.MAX_VALUE) {
                break;
            }
            symbols[best] = merges.mergedIdAt(merges.find(symbols[best], symbols[best + 1]));
            System.arraycopy(symbols, best + 2, symbols, best + 1, n - best - 2);
            System.arraycopy(ranks, best + 1, ranks, best, n - best - 2);
            n--;
            if (best > 0) {
                ranks[best - 1] = merges.rank(symbols[best - 1], symbols[best]);
            }
            if (best < n - 1) {
                ranks[best] = merges.rank(symbols[best], symbols[best + 1]);
            }
        }
        return n;
    }

    static int mergeLong(int[] symbols, int length, MergeTable merges) {
        int[] next = new int[length];
        int[] prev = new int[length];
        for (int i = 0; i < length; i++) {
            next[i] = i + 1 < length ? i + 1 : -1;
            prev[i] = i - 1;
        }
        boolean[] removed = new boolean[length];
        Heap heap = new Heap(length);
        for (int i = 0; i + 1 < length; i++) {
            heap.pushIfMergeable(merges, symbols, i, i + 1);
        }
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            int right = next[pos];
            if (removed[pos] || right < 0 || merges.rank(symbols[pos], symbols[right]) != rank) {
                continue; // stale: one of the two symbols has merged since this entry was queued
            }
            symbols[pos] = merges.mergedIdAt(merges.find(symbols[pos], symbols[right]));
            removed[right] = true;
            next[pos] = next[right];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
                heap.pushIfMergeable(merges, symbols, pos, next[pos]);
            }
            if (prev[pos] >= 0) {
                heap.pushIfMergeable(merges, symbols, prev[pos], pos);
            }
        }
        int n = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            symbols[n++] = symbols[i];
        }
        return n;
    }

    /** A binary min-heap of {@code rank << 32 | position}: lowest rank first, leftmost among equals. */
    private static final class Heap {
        private long[] entries;
        private int size;

        Heap(int capacity) {
            entries = new long[Math.max(capacity, 4)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void pushIfMergeable(MergeTable merges, int[] symbols, int left, int right) {
            int rank = merges.rank(symbols[left], symbols[right]);
            if (rank != Integer.MAX_VALUE) {
                push(((long) rank << 32) | left);
            }
        }

        void push(long entry) {
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (entries[parent] <= entry) {
                    break;
                }
                entries[i] = entries[parent];
                i = parent;
            }
            entries[i] = entry;
        }

        long pop() {
            long top = entries[0];
            long last = entries[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && entries[child + 1] < entries[child]) {
                    child++;
                }
                if (entries[child] >= last) {
                    break;
                }
                entries[i] = entries[child];
                i = child;
            }
            entries[i] = last;
            return top;
        }
    }
}
