package dev.latte.template;

import java.util.Arrays;

/**
 * A conversation rendered by its chat template and encoded: the prompt text and its token ids,
 * as Hugging Face's {@code apply_chat_template(..., tokenize=True)} returns them.
 *
 * @param text the rendered prompt, special tokens written out ({@code <｜User｜>}, ...)
 * @param ids the token ids of {@code text}, special tokens recognised, no BOS added beyond what
 *     the template wrote
 */
public record RenderedPrompt(String text, int[] ids) {

    public RenderedPrompt {
        ids = ids.clone();
    }

    /** A copy of the ids; the record itself stays immutable. */
    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** The number of tokens. */
    public int length() {
        return ids.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RenderedPrompt p && text.equals(p.text) && Arrays.equals(ids, p.ids);
    }

    @Override
    public int hashCode() {
        return 31 * text.hashCode() + Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "RenderedPrompt[" + ids.length + " tokens: " + text + "]";
    }
}
