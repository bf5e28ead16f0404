package dev.latte.tokenizer;

/**
 * A token of tokenizer.json's {@code added_tokens}: text matched verbatim before pre-tokenization.
 *
 * @param special a control token (BOS, EOS, role markers) rather than ordinary added text
 * @param lstrip the match also swallows the white space before it
 * @param rstrip the match also swallows the white space after it
 * @param singleWord the token only matches where no word character touches it on either side
 * @param normalized the token is matched in normalized text rather than in the raw input
 */
record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip, boolean singleWord,
        boolean normalized) {

    static AddedToken of(JsonNode node) {
        String content = node.required("content").string();
        if (content.isEmpty()) {
            throw node.malformed("added token with empty content");
        }
        return new AddedToken(node.required("id").integer(), content, node.bool("special", false),
                node.bool("lstrip", false), node.bool("rstrip", false), node.bool("single_word", false),
                node.bool("normalized", !node.bool("special", false)));
    }
}
