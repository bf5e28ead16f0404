package dev.latte.tokenizer;

/**
 * A tokenizer file that Latte cannot use: malformed, inconsistent, or asking for a component
 * Latte does not implement. The message names the file and the JSON path of the offending field,
 * e.g. {@code unsupported pre_tokenizer type 'Metaspace' in tokenizer.json at pre_tokenizer.pretokenizers[1]}.
 */
public final class TokenizerFormatException extends RuntimeException {
    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
