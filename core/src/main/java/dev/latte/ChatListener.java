package dev.latte;

import java.util.function.Consumer;

/**
 * Receives a chat answer as it is generated: reasoning and content arrive through separate calls,
 * each with whole characters, on the thread that runs the generation.
 */
public interface ChatListener {

    /** Text the model writes inside {@code <think>…</think>}. */
    default void onReasoning(String delta) {}

    /** Text of the answer proper. */
    default void onContent(String delta) {}

    /** A listener made of two callbacks, either of which may be a no-op. */
    static ChatListener of(Consumer<String> reasoning, Consumer<String> content) {
        return new ChatListener() {
            @Override
            public void onReasoning(String delta) {
                reasoning.accept(delta);
            }

            @Override
            public void onContent(String delta) {
                content.accept(delta);
            }
        };
    }
}
