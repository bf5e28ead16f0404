package dev.latte.examples;

import dev.latte.ChatListener;
import dev.latte.ChatResponse;
import dev.latte.Generation;
import dev.latte.GenerationOptions;
import dev.latte.Message;
import dev.latte.Model;
import dev.latte.ModelOptions;
import dev.latte.Session;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Embedding Latte in a Java application: load a checkpoint, generate, stream (callback and
 * {@link Flow.Publisher}) and chat with the reasoning apart. Run it with a checkpoint folder,
 * e.g. {@code ~/.cache/latte/deepseek-v3-demo-1} after {@code ./latte run --prompt hi}.
 */
public final class JavaEmbedding {
    private JavaEmbedding() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: JavaEmbedding CHECKPOINT_FOLDER");
            System.exit(2);
        }
        run(Path.of(args[0]), System.out);
    }

    public static void run(Path checkpoint, PrintStream out) throws Exception {
        ModelOptions modelOptions = ModelOptions.builder().contextLength(2048).build();
        try (Model model = Model.load(checkpoint, modelOptions)) {
            GenerationOptions options = GenerationOptions.builder().maxTokens(16).temperature(0.7).seed(42).build();

            Generation generation = model.generate("The capital of France is", options);
            out.println("generate: " + generation.text() + " [" + generation.finishReason() + "]");

            StringBuilder streamed = new StringBuilder();
            model.generate("Once upon a time", options, streamed::append);
            out.println("stream: " + streamed);

            out.println("publisher: " + collect(model.stream("Once upon a time", options)).get());

            List<Message> conversation = new ArrayList<>(List.of(Message.user("Why is the sky blue?")));
            StringBuilder reasoning = new StringBuilder();
            try (Session session = model.newSession()) {
                ChatResponse answer = session.chat(conversation, options, ChatListener.of(reasoning::append, delta -> {}));
                out.println("chat: reasoning=" + reasoning + " content=" + answer.content());
                conversation.add(answer.message());
                conversation.add(Message.user("And at sunset?"));
                out.println("chat again: " + session.chat(conversation, options).content());
            }
        }
    }

    /** Gathers a publisher's text, requesting one delta at a time as a Reactive Streams client would. */
    private static CompletableFuture<String> collect(Flow.Publisher<String> publisher) {
        CompletableFuture<String> result = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            private final StringBuilder text = new StringBuilder();
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(String delta) {
                text.append(delta);
                subscription.request(1);
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                result.complete(text.toString());
            }
        });
        return result;
    }
}
