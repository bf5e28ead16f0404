package dev.latte;

/**
 * Turns generated token ids into text one token at a time, releasing only whole characters (a
 * character whose UTF-8 bytes span tokens comes out with its last byte).
 */
interface TokenTextStream {

    /** The text completed by {@code tokenId}, possibly empty. */
    String next(int tokenId);

    /** Whatever bytes are left at the end of the stream, as text. */
    String finish();
}
