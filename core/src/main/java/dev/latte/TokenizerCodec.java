package dev.latte;

import dev.latte.tokenizer.StreamingDecoder;
import dev.latte.tokenizer.Tokenizer;
import java.util.Arrays;

/** The checkpoint's {@link Tokenizer} as the generation loop uses it. */
final class TokenizerCodec implements TextCodec {
    private final Tokenizer tokenizer;
    private final int[] endOfGenerationIds;

    /** @param endOfGenerationIds the ids that end a generation (config.json's and the tokenizer's EOS) */
    TokenizerCodec(Tokenizer tokenizer, int[] endOfGenerationIds) {
        this.tokenizer = tokenizer;
        this.endOfGenerationIds = endOfGenerationIds.clone();
    }

    @Override
    public int[] encodePrompt(String text) {
        return tokenizer.addSpecialTokens(tokenizer.encodeWithSpecialTokens(text));
    }

    @Override
    public int[] encodeRendered(String text) {
        return tokenizer.encodeWithSpecialTokens(text);
    }

    @Override
    public TokenTextStream newStream() {
        StreamingDecoder decoder = tokenizer.newStreamingDecoder();
        return new TokenTextStream() {
            @Override
            public String next(int tokenId) {
                return decoder.next(tokenId);
            }

            @Override
            public String finish() {
                return decoder.finish();
            }
        };
    }

    @Override
    public int vocabularySize() {
        return tokenizer.vocabularySize();
    }

    @Override
    public int[] endOfGenerationIds() {
        return endOfGenerationIds.clone();
    }

    @Override
    public String toString() {
        return "TokenizerCodec[vocabulary=" + tokenizer.vocabularySize() + ", ends=" + Arrays.toString(endOfGenerationIds)
                + "]";
    }
}
