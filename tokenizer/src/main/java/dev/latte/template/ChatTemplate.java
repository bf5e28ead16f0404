package dev.latte.template;

import dev.latte.json.Json;
import dev.latte.json.JsonException;
import dev.latte.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat template of a Hugging Face {@code tokenizer_config.json}: turns a conversation into the
 * prompt text the model was trained on, exactly as {@code tokenizer.apply_chat_template} does.
 *
 * <p>The template sees {@code messages}, {@code add_generation_prompt}, {@code tools} and
 * {@code documents} (None unless given), the special tokens of the config ({@code bos_token},
 * {@code eos_token}, {@code unk_token}, {@code sep_token}, {@code pad_token}, {@code cls_token},
 * {@code mask_token}, {@code additional_special_tokens}; those the config leaves null are not
 * defined, as in Hugging Face's {@code special_tokens_map}) and any extra variables such as
 * {@code enable_thinking}. Extra variables override the others.
 */
public final class ChatTemplate {
    private static final List<String> SPECIAL_TOKENS = List.of("bos_token", "eos_token", "unk_token", "sep_token",
            "pad_token", "cls_token", "mask_token", "additional_special_tokens");

    private static final String TEMPLATE_FILE = "chat_template.jinja";

    private final JinjaTemplate template;
    private final Map<String, Object> specialTokens;

    private ChatTemplate(JinjaTemplate template, Map<String, Object> specialTokens) {
        this.template = template;
        this.specialTokens = Map.copyOf(specialTokens);
    }

    /**
     * Reads the template and special tokens of a {@code tokenizer_config.json}. As in
     * transformers, a {@code chat_template.jinja} file next to it (where recent versions save the
     * template) takes precedence over the config's {@code chat_template} field.
     *
     * @throws IOException where a file cannot be read
     * @throws IllegalArgumentException where the config is not JSON or no template is found
     * @throws TemplateSyntaxException where the template is not valid Jinja
     */
    public static ChatTemplate load(Path tokenizerConfigJson) throws IOException {
        Map<String, Object> config;
        try {
            config = new LinkedHashMap<>(Json.parseObject(Files.readString(tokenizerConfigJson)));
        } catch (JsonException e) {
            throw new IllegalArgumentException(tokenizerConfigJson + ": " + e.getMessage(), e);
        }
        Path templateFile = tokenizerConfigJson.resolveSibling(TEMPLATE_FILE);
        if (Files.isRegularFile(templateFile)) {
            config.put("chat_template", Files.readString(templateFile));
        }
        try {
            return fromConfig(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(tokenizerConfigJson + ": " + e.getMessage(), e);
        }
    }

    /** Builds the template from a parsed {@code tokenizer_config.json}. */
    public static ChatTemplate fromConfig(Map<String, ?> config) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        for (String name : SPECIAL_TOKENS) {
            Object value = tokenText(config.get(name), name);
            if (value != null) {
                tokens.put(name, value);
            }
        }
        return new ChatTemplate(JinjaTemplate.parse(templateSource(config.get("chat_template"))), tokens);
    }

    /** A chat template from its Jinja source and the special-token variables it should see. */
    public static ChatTemplate of(String source, Map<String, ?> specialTokens) {
        return new ChatTemplate(JinjaTemplate.parse(source), new LinkedHashMap<>(specialTokens));
    }

    /** The special tokens the template sees as variables, by variable name. */
    public Map<String, Object> specialTokens() {
        return specialTokens;
    }

    /**
     * Renders a conversation.
     *
     * @param messages maps with {@code role}, {@code content} and optionally {@code tool_calls} and
     *     {@code reasoning_content} (see {@link ChatMessage#toMap()})
     * @param addGenerationPrompt whether to end with the opening of an assistant turn
     * @param extraVariables further variables: {@code tools}, {@code enable_thinking}, ...
     * @throws TemplateRenderException where the template refuses the conversation
     */
    public String render(List<? extends Map<String, ?>> messages, boolean addGenerationPrompt,
                         Map<String, ?> extraVariables) {
        return template.render(variables(messages, addGenerationPrompt, extraVariables));
    }

    /**
     * Renders a conversation and encodes the text with {@code tokenizer}, special tokens in the
     * text recognised and nothing added (the template writes the BOS where the model wants one),
     * as Hugging Face's {@code apply_chat_template(..., tokenize=True)} does.
     *
     * @throws TemplateRenderException where the template refuses the conversation
     */
    public RenderedPrompt apply(Tokenizer tokenizer, List<? extends Map<String, ?>> messages,
                                boolean addGenerationPrompt, Map<String, ?> extraVariables) {
        String text = render(messages, addGenerationPrompt, extraVariables);
        return new RenderedPrompt(text, tokenizer.encodeWithSpecialTokens(text));
    }

    Map<String, Object> variables(List<? extends Map<String, ?>> messages, boolean addGenerationPrompt,
                                  Map<String, ?> extraVariables) {
        Map<String, Object> variables = new LinkedHashMap<>(specialTokens);
        variables.put("messages", messages);
        variables.put("tools", null);
        variables.put("documents", null);
        variables.put("add_generation_prompt", addGenerationPrompt);
        variables.putAll(extraVariables);
        return variables;
    }

    private static String templateSource(Object chatTemplate) {
        switch (chatTemplate) {
            case String source -> {
                return source;
            }
            case List<?> named -> {
                for (Object entry : named) {
                    if (entry instanceof Map<?, ?> m && "default".equals(m.get("name")) && m.get("template") instanceof String s) {
                        return s;
                    }
                }
                throw new IllegalArgumentException("chat_template lists no template named \"default\"");
            }
            case null -> throw new IllegalArgumentException("no chat_template");
            default -> throw new IllegalArgumentException("chat_template is " + Json.typeName(chatTemplate)
                    + ", expected a string or a list of named templates");
        }
    }

    /** A special token is a string or an AddedToken object whose {@code content} is the string. */
    private static Object tokenText(Object token, String name) {
        return switch (token) {
            case null -> null;
            case String s -> s;
            case Map<?, ?> added when added.get("content") instanceof String s -> s;
            case List<?> list -> list.stream().map(t -> tokenText(t, name)).toList();
            default -> throw new IllegalArgumentException(name + " is " + Json.typeName(token)
                    + ", expected a string or an object with \"content\"");
        };
    }
}
