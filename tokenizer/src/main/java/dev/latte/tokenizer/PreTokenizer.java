package dev.latte.tokenizer;

/**
 * One step of Hugging Face pre-tokenization: cuts a piece of normalized text into smaller pieces,
 * each of which is then BPE-encoded on its own.
 *
 * <p>Pieces are ranges of a {@link Text}, so that a pipeline of several steps creates no strings
 * until a piece reaches the BPE model (and none at all when the model has it cached).
 */
interface PreTokenizer {

    /** Hands the non-empty pieces of {@code text[start, end)} to {@code sink}, in order. */
    void split(Text text, int start, int end, Sink sink);

    /** Receives pieces. */
    interface Sink {
        void accept(Text text, int start, int end);
    }

    /**
     * Text being pre-tokenized: the normalized input, and the same text as the split patterns are
     * to see it ({@link HuggingFaceUnicode#regexView}), which has the same length.
     */
    record Text(String original, String regexView) {
        static Text of(String original) {
            return new Text(original, HuggingFaceUnicode.regexView(original));
        }
    }
}
