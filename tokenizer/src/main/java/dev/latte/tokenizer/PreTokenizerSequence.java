package dev.latte.tokenizer;

import java.util.List;
import java.util.function.Consumer;

/** Pre-tokenizers applied in order, each to every piece the previous one produced. */
final class PreTokenizerSequence implements PreTokenizer {
    private final PreTokenizer[] steps;

    PreTokenizerSequence(List<PreTokenizer> steps) {
        this.steps = steps.toArray(PreTokenizer[]::new);
    }

    @Override
    public void split(String text, Consumer<String> sink) {
        splitFrom(0, text, sink);
    }

    private void splitFrom(int step, String text, Consumer<String> sink) {
        if (step == steps.length) {
            sink.accept(text);
        } else {
            steps[step].split(text, piece -> splitFrom(step + 1, piece, sink));
        }
    }
}
