package dev.latte.tokenizer;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The token ids of recently encoded pre-tokens, looked up by a range of a string so that a hit
 * allocates nothing. Direct-mapped (a new entry evicts whatever shared its slot), bounded, and
 * safe for concurrent use: entries are immutable and published whole.
 */
final class PieceCache {
    private final AtomicReferenceArray<Entry> slots;
    private final int mask;

    private record Entry(String piece, int hash, int[] ids) {
    }

    PieceCache(int capacityPowerOfTwo) {
        slots = new AtomicReferenceArray<>(capacityPowerOfTwo);
        mask = capacityPowerOfTwo - 1;
    }

    static int hash(String text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + text.charAt(i);
        }
        return h;
    }

    /** The ids cached for {@code text[start, end)} with hash {@code hash}, or null. */
    int[] get(String text, int start, int end, int hash) {
        Entry entry = slots.getAcquire(slot(hash));
        int length = end - start;
        if (entry != null && entry.hash == hash && entry.piece.length() == length
                && text.regionMatches(start, entry.piece, 0, length)) {
            return entry.ids;
        }
        return null;
    }

    void put(String piece, int hash, int[] ids) {
        slots.setRelease(slot(hash), new Entry(piece, hash, ids));
    }

    private int slot(int hash) {
        return (hash ^ (hash >>> 16) ^ (hash >>> 7)) & mask;
    }
}
