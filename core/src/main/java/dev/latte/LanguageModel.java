package dev.latte;

/**
 * The network as the generation loop sees it: token ids in, logits of the next token out. One
 * instance serves many threads; each conversation runs in its own {@link LanguageModelSession}.
 */
interface LanguageModel extends AutoCloseable {

    int vocabularySize();

    /** The most tokens one session can hold. */
    int contextLength();

    LanguageModelSession newSession();

    @Override
    void close();
}
