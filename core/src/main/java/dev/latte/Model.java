package dev.latte;

import dev.latte.generate.DeltaPublisher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A loaded language model: a checkpoint's weights on a backend, its tokenizer and chat template.
 *
 * <p>One model serves many threads at once: every call runs in a fresh {@link Session} with its
 * own KV cache, unless the caller continues a conversation in a session of its own
 * ({@link #newSession()}). {@link #close()} releases every mapped file and native buffer; the
 * model must not be used after.
 *
 * <pre>{@code
 * try (Model model = Model.load(Path.of("DeepSeek-V2-Lite-Chat"))) {
 *     System.out.println(model.generate("The capital of France is").text());
 *     model.chat(List.of(Message.user("Why is the sky blue?")), GenerationOptions.defaults(),
 *             ChatListener.of(System.out::print, System.out::print));
 * }
 * }</pre>
 */
public final class Model implements AutoCloseable {
    private final LanguageModel network;
    private final TextCodec codec;
    private final ChatFormat chatFormat;
    private final AutoCloseable resources;
    private final Generator generator;
    private volatile boolean closed;

    /**
     * @param codec the tokenizer, or {@code null}: the model then only generates from token ids
     * @param chatFormat the chat template, or {@code null}: the model then has no {@code chat}
     * @param endOfGenerationIds tokens that end every generation
     * @param resources closed with the model, after the network (mapped files)
     */
    Model(LanguageModel network, TextCodec codec, ChatFormat chatFormat, int[] endOfGenerationIds,
            AutoCloseable resources) {
        this.network = network;
        this.codec = codec;
        this.chatFormat = chatFormat;
        this.resources = resources;
        this.generator = new Generator(network, codec, endOfGenerationIds);
    }

    /**
     * Loads the Hugging Face checkpoint in {@code folder} ({@code config.json}, safetensors files,
     * and where present {@code tokenizer.json[.gz]} and {@code tokenizer_config.json}) on the best
     * backend available.
     */
    public static Model load(Path folder) {
        return load(folder, ModelOptions.defaults());
    }

    /** Loads the checkpoint in {@code folder} with the given backend, threads and memory limits. */
    public static Model load(Path folder, ModelOptions options) {
        return ModelLoader.load(folder, options);
    }

    /** Generates a continuation of {@code prompt} with the default options. */
    public Generation generate(String prompt) {
        return generate(prompt, GenerationOptions.defaults());
    }

    public Generation generate(String prompt, GenerationOptions options) {
        return generate(prompt, options, delta -> {});
    }

    /** Generates a continuation; {@code onText} receives it as it grows, in whole characters. */
    public Generation generate(String prompt, GenerationOptions options, Consumer<String> onText) {
        try (Session session = newSession()) {
            return session.generate(prompt, options, onText);
        }
    }

    /** Generates a continuation of the given token ids (also for a model without tokenizer). */
    public Generation generate(int[] promptIds, GenerationOptions options) {
        try (Session session = newSession()) {
            return session.generate(promptIds, options);
        }
    }

    /**
     * The continuation of {@code prompt} as a {@link Flow.Publisher} of text deltas. Each
     * subscription runs its own generation on a virtual thread, paced by the subscriber's demand;
     * cancelling the subscription cancels the generation.
     */
    public Flow.Publisher<String> stream(String prompt, GenerationOptions options) {
        checkOpen();
        return new DeltaPublisher<>(emitter -> {
            try (Session session = newSession()) {
                session.generate(prompt, options, emitter::emit, emitter::isCancelled);
            }
        });
    }

    /** Answers the last message of {@code conversation} with the default options. */
    public ChatResponse chat(List<Message> conversation) {
        return chat(conversation, GenerationOptions.defaults());
    }

    public ChatResponse chat(List<Message> conversation, GenerationOptions options) {
        return chat(conversation, options, new ChatListener() {});
    }

    /**
     * Renders {@code conversation} with the checkpoint's chat template and generates the answer,
     * reasoning apart from content; {@code listener} receives both as they are generated.
     */
    public ChatResponse chat(List<Message> conversation, GenerationOptions options, ChatListener listener) {
        try (Session session = newSession()) {
            return session.chat(conversation, options, listener);
        }
    }

    /** The chat answer as a {@link Flow.Publisher} of reasoning and content deltas. */
    public Flow.Publisher<ChatDelta> streamChat(List<Message> conversation, GenerationOptions options) {
        checkOpen();
        List<Message> messages = List.copyOf(conversation);
        return new DeltaPublisher<>(emitter -> {
            try (Session session = newSession()) {
                session.chat(messages, options, ChatListener.of(
                        text -> emitter.emit(new ChatDelta(ChatDelta.Kind.REASONING, text)),
                        text -> emitter.emit(new ChatDelta(ChatDelta.Kind.CONTENT, text))),
                        emitter::isCancelled);
            }
        });
    }

    /** A conversation of its own, with a KV cache kept between calls; close it when done. */
    public Session newSession() {
        checkOpen();
        return new Session(this, network.newSession());
    }

    /** The most tokens one session holds: prompt and answer together. */
    public int contextLength() {
        return network.contextLength();
    }

    public int vocabularySize() {
        return network.vocabularySize();
    }

    /** Whether the model has a tokenizer, so that it takes text prompts. */
    public boolean hasTokenizer() {
        return codec != null;
    }

    /** Whether the checkpoint has a chat template, so that {@code chat} works. */
    public boolean hasChatTemplate() {
        return chatFormat != null;
    }

    /** Releases the weights' mapped files, the backend's buffers and threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (AutoCloseable ignored = resources) {
            network.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing the model failed: " + e.getMessage(), e);
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
    }

    TextCodec codec() {
        if (codec == null) {
            throw new IllegalStateException("this model was loaded without a tokenizer: generate from token ids");
        }
        return codec;
    }

    ChatFormat chatFormat() {
        if (chatFormat == null) {
            throw new IllegalStateException("this model has no chat template (tokenizer_config.json has no chat_template)");
        }
        return chatFormat;
    }

    Generator generator() {
        return generator;
    }
}
