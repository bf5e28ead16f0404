package dev.latte;

import dev.latte.generate.ReasoningSplitter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A conversation with its own KV cache, continued across calls: what the model has read stays in
 * the cache, so a follow-up only runs its new tokens. Sessions never share state; one session is
 * used by one call at a time (its methods are synchronized).
 *
 * <p>{@link #generate} continues the text where the last call stopped. {@link #chat} takes the
 * whole conversation each time, as a chat API does, and reuses the cache for the part of the
 * rendered prompt that is unchanged since the last call (after an R1 answer, whose reasoning the
 * template drops from the history, that is everything up to that answer).
 */
public final class Session implements AutoCloseable {
    private final Model model;
    private final LanguageModelSession state;
    /** The tokens in the cache, in order. */
    private int[] cached = new int[0];
    /** The last generated token, which ended a call before entering the cache; -1 when none. */
    private int pending = -1;
    private boolean closed;

    Session(Model model, LanguageModelSession state) {
        this.model = model;
        this.state = state;
    }

    /** Continues the text with {@code prompt} and generates, with the default options. */
    public Generation generate(String prompt) {
        return generate(prompt, GenerationOptions.defaults());
    }

    public Generation generate(String prompt, GenerationOptions options) {
        return generate(prompt, options, delta -> {});
    }

    /** Continues the text with {@code prompt}; {@code onText} receives the answer as it grows. */
    public Generation generate(String prompt, GenerationOptions options, Consumer<String> onText) {
        return generate(prompt, options, onText, () -> false);
    }

    /** Continues with the given token ids (for a model loaded without tokenizer, too). */
    public synchronized Generation generate(int[] promptIds, GenerationOptions options) {
        return continueWith(promptIds.clone(), options, delta -> {}, () -> false);
    }

    synchronized Generation generate(String prompt, GenerationOptions options, Consumer<String> onText,
            BooleanSupplier cancelled) {
        Objects.requireNonNull(prompt, "prompt");
        TextCodec codec = model.codec();
        boolean fresh = cached.length == 0 && pending < 0;
        int[] ids = fresh ? codec.encodePrompt(prompt) : codec.encodeRendered(prompt);
        return continueWith(ids, options, onText, cancelled);
    }

    /** Answers the last message of {@code conversation}, with the default options. */
    public ChatResponse chat(List<Message> conversation) {
        return chat(conversation, GenerationOptions.defaults());
    }

    public ChatResponse chat(List<Message> conversation, GenerationOptions options) {
        return chat(conversation, options, new ChatListener() {});
    }

    /**
     * Renders the conversation with the checkpoint's chat template and generates the assistant's
     * answer, reasoning and content apart; {@code listener} receives both as they are generated.
     */
    public ChatResponse chat(List<Message> conversation, GenerationOptions options, ChatListener listener) {
        return chat(conversation, options, listener, () -> false);
    }

    synchronized ChatResponse chat(List<Message> conversation, GenerationOptions options, ChatListener listener,
            BooleanSupplier cancelled) {
        String rendered = model.chatFormat().render(List.copyOf(conversation), true, options.templateVariables());
        int[] ids = model.codec().encodeRendered(rendered);
        int reused = reusablePrefix(ids);
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        ReasoningSplitter splitter = new ReasoningSplitter(ReasoningSplitter.promptOpensReasoning(rendered),
                new ReasoningSplitter.Sink() {
                    @Override
                    public void reasoning(String text) {
                        reasoning.append(text);
                        listener.onReasoning(text);
                    }

                    @Override
                    public void content(String text) {
                        content.append(text);
                        listener.onContent(text);
                    }
                });
        rewind(reused);
        Generation generation = run(Arrays.copyOfRange(ids, reused, ids.length), options, splitter::push, cancelled);
        splitter.finish();
        return new ChatResponse(reasoning.toString(), content.toString(), generation);
    }

    /** How many tokens the cache holds. */
    public synchronized int cachedTokens() {
        return cached.length;
    }

    /** Frees the KV cache. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            state.close();
        }
    }

    private Generation continueWith(int[] ids, GenerationOptions options, Consumer<String> onText,
            BooleanSupplier cancelled) {
        int[] prompt = ids;
        if (pending >= 0) {
            prompt = new int[ids.length + 1];
            prompt[0] = pending;
            System.arraycopy(ids, 0, prompt, 1, ids.length);
        }
        return run(prompt, options, onText, cancelled);
    }

    private Generation run(int[] prompt, GenerationOptions options, Consumer<String> onText,
            BooleanSupplier cancelled) {
        if (closed) {
            throw new IllegalStateException("this session is closed");
        }
        model.checkOpen();
        int before = cached.length;
        Generator.Outcome outcome;
        try {
            outcome = model.generator().run(state, prompt, options, onText, cancelled);
        } catch (RuntimeException | Error e) {
            // The cache may hold part of this call (a listener threw, the backend failed):
            // forget the call rather than continue from it.
            if (state.position() > before) {
                state.rewind(before);
            }
            throw e;
        }
        int[] generated = outcome.generation().tokenIds();
        int decoded = state.position() - before - prompt.length;
        int[] now = Arrays.copyOf(cached, state.position());
        System.arraycopy(prompt, 0, now, before, prompt.length);
        System.arraycopy(generated, 0, now, before + prompt.length, decoded);
        cached = now;
        pending = generated.length > decoded ? generated[generated.length - 1] : -1;
        return outcome.generation();
    }

    /** The number of leading tokens of {@code ids} the cache already holds, leaving at least one to run. */
    private int reusablePrefix(int[] ids) {
        int common = 0;
        int limit = Math.min(cached.length, ids.length - 1);
        while (common < limit && cached[common] == ids[common]) {
            common++;
        }
        return common;
    }

    private void rewind(int position) {
        if (position < cached.length || pending >= 0) {
            state.rewind(position);
            cached = Arrays.copyOf(cached, position);
            pending = -1;
        }
    }
}
