package dev.latte.tokenizer;

/**
 * The {@code normalizer} of tokenizer.json: nothing, Unicode NFC, or a sequence of these, applied
 * to the text between added tokens before pre-tokenization. NFC is computed as Hugging Face
 * computes it, see {@link HuggingFaceUnicode#nfc}.
 */
final class TextNormalizer {
    static final TextNormalizer NONE = new TextNormalizer(false);

    private final boolean nfc;

    private TextNormalizer(boolean nfc) {
        this.nfc = nfc;
    }

    static TextNormalizer of(JsonNode node) {
        return collect(node) ? new TextNormalizer(true) : NONE;
    }

    /** Whether {@code node} asks for NFC anywhere; NFC applied twice is NFC applied once. */
    private static boolean collect(JsonNode node) {
        if (node.isNull()) {
            return false;
        }
        return switch (node.type()) {
            case "NFC" -> true;
            case "Sequence" -> {
                boolean any = false;
                for (JsonNode step : node.required("normalizers").elements()) {
                    any |= collect(step);
                }
                yield any;
            }
            default -> throw node.unsupported("normalizer type '" + node.type() + "'");
        };
    }

    String normalize(String text) {
        return nfc ? HuggingFaceUnicode.nfc(text) : text;
    }
}
