package dev.latte;

/** Who wrote a {@link Message}: the names are those chat templates read in {@code message['role']}. */
public enum Role {
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant"),
    TOOL("tool");

    private final String templateName;

    Role(String templateName) {
        this.templateName = templateName;
    }

    /** The role as chat templates spell it, e.g. {@code "assistant"}. */
    public String templateName() {
        return templateName;
    }
}
