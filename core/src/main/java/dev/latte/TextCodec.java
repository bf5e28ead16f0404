package dev.latte;

/** Text to token ids and back, as the generation loop needs it (the checkpoint's tokenizer). */
interface TextCodec {

    /** Encodes a plain prompt, adding the beginning-of-sequence token where the tokenizer does. */
    int[] encodePrompt(String text);

    /**
     * Encodes the output of a chat template: special tokens written in the text become their ids,
     * and nothing is added (the template writes its own beginning-of-sequence token).
     */
    int[] encodeRendered(String text);

    /** A decoder for one stream of generated tokens. */
    TokenTextStream newStream();

    /**
     * How many token ids have text: ids from here on (rows a checkpoint pads its embedding with,
     * up to a round {@code vocab_size}) are never sampled.
     */
    int vocabularySize();

    /** The ids that end a generation by default (end-of-sequence, end-of-turn). */
    int[] endOfGenerationIds();
}
