package dev.latte.tokenizer;

import java.util.List;

/** Pre-tokenizers applied in order, each to every piece the previous one produced. */
final class PreTokenizerSequence implements PreTokenizer {
    private final PreTokenizer first;
    private final PreTokenizer rest;

    private PreTokenizerSequence(PreTokenizer first, PreTokenizer rest) {
        this.first = first;
        this.rest = rest;
    }

    static PreTokenizer of(List<PreTokenizer> steps) {
        PreTokenizer chain = steps.getLast();
        for (int i = steps.size() - 2; i >= 0; i--) {
            chain = new PreTokenizerSequence(steps.get(i), chain);
        }
        return chain;
    }

    @Override
    public void split(Text text, int start, int end, Sink sink) {
        first.split(text, start, end, (piece, pieceStart, pieceEnd) -> rest.split(piece, pieceStart, pieceEnd, sink));
    }
}
