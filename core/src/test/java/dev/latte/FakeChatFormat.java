package dev.latte;

import java.util.List;
import java.util.Map;

/**
 * A small chat template in DeepSeek's shape: user and assistant markers, reasoning dropped from the history and a generation prompt that may open
 * {@code <think>} (as R1's does).
 */
final class FakeChatFormat implements ChatFormat {
    private final boolean opensThink;

    FakeChatFormat(boolean opensThink) {
        this.opensThink = opensThink;
    }

    @Override
    public String render(List<Message> messages, boolean addGenerationPrompt, Map<String, Object> variables) {
        StringBuilder text = new StringBuilder();
        for (Message message : messages) {
            switch (message.role()) {
                case USER -> text.append("<|user|>").append(message.content());
                case ASSISTANT -> {
                    String content = message.content();
                    int close = content.lastIndexOf("</think>");
                    text.append("<|assistant|>").append(close < 0 ? content : content.substring(close + 8).strip());
                }
                default -> text.append(message.content());
            }
        }
        if (addGenerationPrompt) {
            text.append("<|assistant|>");
            if (opensThink) {
                text.append("<think>\n");
            }
        }
        return text.toString();
    }
}
