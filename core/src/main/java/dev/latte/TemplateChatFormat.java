package dev.latte;

import dev.latte.template.ChatTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checkpoint's Jinja chat template (tokenizer_config.json's {@code chat_template}). */
final class TemplateChatFormat implements ChatFormat {
    private final ChatTemplate template;

    TemplateChatFormat(ChatTemplate template) {
        this.template = template;
    }

    @Override
    public String render(List<Message> messages, boolean addGenerationPrompt, Map<String, Object> variables) {
        List<Map<String, Object>> maps = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", message.role().templateName());
            map.put("content", message.content());
            maps.add(map);
        }
        return template.render(maps, addGenerationPrompt, variables);
    }
}
