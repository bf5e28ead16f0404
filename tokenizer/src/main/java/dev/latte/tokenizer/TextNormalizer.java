package dev.latte.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code normalizer} of tokenizer.json: nothing, Unicode NFC, or a sequence of these, applied
 * to the text between added tokens before pre-tokenization.
 */
final class TextNormalizer {
    static final TextNormalizer NONE = new TextNormalizer(List.of());

    private final List<Normalizer.Form> forms;

    private TextNormalizer(List<Normalizer.Form> forms) {
        this.forms = forms;
    }

    static TextNormalizer of(JsonNode node) {
        List<Normalizer.Form> forms = new ArrayList<>();
        collect(node, forms);
        return forms.isEmpty() ? NONE : new TextNormalizer(List.copyOf(forms));
    }

    private static void collect(JsonNode node, List<Normalizer.Form> forms) {
        if (node.isNull()) {
            return;
        }
        switch (node.type()) {
            case "NFC" -> forms.add(Normalizer.Form.NFC);
            case "Sequence" -> {
                for (JsonNode step : node.required("normalizers").elements()) {
                    collect(step, forms);
                }
            }
            default -> throw node.unsupported("normalizer type '" + node.type() + "'");
        }
    }

    boolean isIdentity() {
        return forms.isEmpty();
    }

    String normalize(String text) {
        for (Normalizer.Form form : forms) {
            if (!Normalizer.isNormalized(text, form)) {
                text = Normalizer.normalize(text, form);
            }
        }
        return text;
    }
}
