package dev.latte;

import dev.latte.generate.Sampler;
import dev.latte.generate.StopSequenceMatcher;
import dev.latte.nn.ContextLengthExceededException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The token loop of one call: prefill the prompt, then sample, emit text and decode one token at a
 * time until an end-of-sequence or stop token, a stop string, the token limit, the context limit
 * or a cancellation.
 */
final class Generator {
    private final LanguageModel network;
    private final TextCodec codec;
    private final int[] endOfGenerationIds;

    /**
     * @param codec turns tokens into text; {@code null} for a model without tokenizer, whose
     *     generations have token ids and no text
     * @param endOfGenerationIds tokens that end every generation
     */
    Generator(LanguageModel network, TextCodec codec, int[] endOfGenerationIds) {
        this.network = network;
        this.codec = codec;
        this.endOfGenerationIds = endOfGenerationIds.clone();
    }

    /** The result of one run, with the sampled token left out of the cache when it ended the run. */
    record Outcome(Generation generation, int lastToken) {}

    /**
     * Runs one generation in {@code session}, after the tokens it already holds.
     *
     * @param onText receives the text as it is generated, whole characters, stop strings withheld
     * @param cancelledElsewhere a second cancellation source (a cancelled subscription)
     * @throws ContextLengthExceededException where the prompt does not fit
     */
    Outcome run(LanguageModelSession session, int[] promptIds, GenerationOptions options, Consumer<String> onText,
            BooleanSupplier cancelledElsewhere) {
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("the prompt is empty: there is nothing to continue");
        }
        int contextLength = network.contextLength();
        int requested = session.position() + promptIds.length;
        if (requested > contextLength) {
            throw new ContextLengthExceededException(requested, contextLength);
        }
        long seed = options.hasSeed() ? options.seed() : ThreadLocalRandom.current().nextLong();
        Sampler sampler = new Sampler(options.sampling(seed), network.vocabularySize(), promptIds);
        int[] stopIds = stopTokenIds(options);
        TokenTextStream textStream = codec == null ? NO_TEXT : codec.newStream();
        StopSequenceMatcher stopMatcher = new StopSequenceMatcher(options.stopStrings());
        StringBuilder text = new StringBuilder();
        Consumer<String> emit = delta -> {
            if (!delta.isEmpty()) {
                text.append(delta);
                onText.accept(delta);
            }
        };
        CancellationToken token = options.cancellation();

        int textVocabulary = codec == null ? Integer.MAX_VALUE : codec.vocabularySize();
        long start = System.nanoTime();
        float[] logits = session.prefill(promptIds);
        long prefilled = System.nanoTime();
        int[] generated = new int[Math.min(options.maxTokens(), 1024)];
        int count = 0;
        FinishReason reason;
        while (true) {
            if ((token != null && token.isCancelled()) || cancelledElsewhere.getAsBoolean()) {
                reason = FinishReason.CANCELLED;
                break;
            }
            if (textVocabulary < logits.length) {
                Arrays.fill(logits, textVocabulary, logits.length, Float.NEGATIVE_INFINITY);
            }
            int next = sampler.sample(logits);
            if (count == generated.length) {
                generated = Arrays.copyOf(generated, count * 2);
            }
            generated[count++] = next;
            if (contains(stopIds, next)) {
                reason = FinishReason.STOP;
                break;
            }
            emit.accept(stopMatcher.push(textStream.next(next)));
            if (stopMatcher.stopped()) {
                reason = FinishReason.STOP_SEQUENCE;
                break;
            }
            if (count >= options.maxTokens() || session.position() >= contextLength) {
                reason = FinishReason.LENGTH;
                break;
            }
            logits = session.decode(next);
        }
        if (reason != FinishReason.STOP_SEQUENCE) {
            emit.accept(stopMatcher.push(textStream.finish()));
            if (stopMatcher.stopped()) {
                reason = FinishReason.STOP_SEQUENCE;
            } else {
                emit.accept(stopMatcher.flush());
            }
        }
        long end = System.nanoTime();
        Generation generation = new Generation(text.toString(), Arrays.copyOf(generated, count), reason,
                new Usage(promptIds.length, count),
                new Timings(Duration.ofNanos(prefilled - start), Duration.ofNanos(end - prefilled)));
        return new Outcome(generation, count == 0 ? -1 : generated[count - 1]);
    }

    private int[] stopTokenIds(GenerationOptions options) {
        int[] extra = options.stopTokenIds();
        int[] all = Arrays.copyOf(endOfGenerationIds, endOfGenerationIds.length + extra.length);
        System.arraycopy(extra, 0, all, endOfGenerationIds.length, extra.length);
        return all;
    }

    private static boolean contains(int[] ids, int id) {
        for (int candidate : ids) {
            if (candidate == id) {
                return true;
            }
        }
        return false;
    }

    private static final TokenTextStream NO_TEXT = new TokenTextStream() {
        @Override
        public String next(int tokenId) {
            return "";
        }

        @Override
        public String finish() {
            return "";
        }
    };
}
