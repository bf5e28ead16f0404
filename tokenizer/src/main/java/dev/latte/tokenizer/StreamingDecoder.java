package dev.latte.tokenizer;

import java.util.Arrays;

/**
 * Decodes generated token ids one at a time, returning text only once it is made of whole
 * characters: the bytes of a character that several tokens spell out are held back until its
 * last byte arrives. What {@link #next} returns, followed by {@link #finish}, concatenates to
 * exactly {@link Tokenizer#decode} of all the ids. Not thread-safe: one per generation.
 */
public final class StreamingDecoder {
    private final Tokenizer tokenizer;
    private byte[] pending = new byte[16];
    private int pendingLength;

    StreamingDecoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Takes one more token id; returns the text it completes, often the empty string mid-character. */
    public String next(int id) {
        byte[] bytes = tokenizer.tokenBytes(id);
        if (pendingLength + bytes.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + bytes.length));
        }
        System.arraycopy(bytes, 0, pending, pendingLength, bytes.length);
        pendingLength += bytes.length;
        StringBuilder text = new StringBuilder();
        int decoded = Utf8.decode(pending, 0, pendingLength, text, false);
        System.arraycopy(pending, decoded, pending, 0, pendingLength - decoded);
        pendingLength -= decoded;
        return text.toString();
    }

    /** Ends the stream: bytes still held back (a character never completed) come out as U+FFFD. */
    public String finish() {
        StringBuilder text = new StringBuilder();
        Utf8.decode(pending, 0, pendingLength, text, true);
        pendingLength = 0;
        return text.toString();
    }

    /** Whether bytes of an unfinished character are being held back. */
    public boolean hasPendingBytes() {
        return pendingLength > 0;
    }
}
