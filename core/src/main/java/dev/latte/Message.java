package dev.latte;

import java.util.Objects;

/**
 * One turn of a conversation: who said it and what.
 *
 * <p>An assistant message may carry its reasoning inside {@code <think>…</think>}; the chat
 * template decides whether it stays in the history (DeepSeek-R1's drops it).
 */
public record Message(Role role, String content) {

    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static Message system(String content) {
        return new Message(Role.SYSTEM, content);
    }

    public static Message user(String content) {
        return new Message(Role.USER, content);
    }

    public static Message assistant(String content) {
        return new Message(Role.ASSISTANT, content);
    }
}
