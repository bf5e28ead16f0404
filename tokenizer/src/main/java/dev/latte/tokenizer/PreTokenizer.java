package dev.latte.tokenizer;

import java.util.function.Consumer;

/**
 * One step of Hugging Face pre-tokenization: cuts a piece of normalized text into smaller pieces,
 * each of which is then BPE-encoded on its own.
 */
interface PreTokenizer {

    /** Hands the non-empty pieces of {@code text} to {@code sink}, in order. */
    void split(String text, Consumer<String> sink);
}
