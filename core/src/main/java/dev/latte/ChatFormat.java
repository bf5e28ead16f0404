package dev.latte;

import java.util.List;
import java.util.Map;

/** Renders a conversation into the prompt text the model was trained on (its chat template). */
interface ChatFormat {

    /**
     * @param addGenerationPrompt whether to end with the opening of the assistant's turn
     * @param variables extra template variables, e.g. {@code enable_thinking}
     */
    String render(List<Message> messages, boolean addGenerationPrompt, Map<String, Object> variables);
}
