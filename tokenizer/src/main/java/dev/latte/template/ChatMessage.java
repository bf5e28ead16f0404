package dev.latte.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message of a conversation, as chat templates read it.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text; null for an assistant turn made only of tool calls
 * @param reasoningContent the assistant's reasoning, or null
 * @param toolCalls the assistant's tool calls ({@code {"type": "function", "function": {"name":
 *     ..., "arguments": ...}}}), or null
 */
public record ChatMessage(String role, String content, String reasoningContent, List<Map<String, Object>> toolCalls) {

    public static ChatMessage of(String role, String content) {
        return new ChatMessage(role, content, null, null);
    }

    /** The message as templates see it; absent reasoning and tool calls are left undefined. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("role", role);
        map.put("content", content);
        if (reasoningContent != null) map.put("reasoning_content", reasoningContent);
        if (toolCalls != null) map.put("tool_calls", toolCalls);
        return map;
    }

    /** {@link #toMap()} of each message. */
    public static List<Map<String, Object>> toMaps(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::toMap).toList();
    }
}
