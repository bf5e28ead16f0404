package dev.latte.tokenizer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Hugging Face byte-level BPE tokenizer (DeepSeek-V3, Qwen, Llama 3 and their kin), read from
 * {@code tokenizer.json} and {@code tokenizer_config.json}, producing the same ids as the
 * Hugging Face {@code tokenizers} library.
 *
 * <p>Encoding runs normalizer, pre-tokenizer and BPE model as tokenizer.json describes them.
 * {@link #encode} treats all input as plain text, so user text containing {@code <｜User｜>}
 * cannot forge a control token; {@link #encodeWithSpecialTokens} first finds the added tokens in
 * the text, as Hugging Face's {@code encode} does. Neither adds BOS/EOS: {@link #addSpecialTokens}
 * does. Lone UTF-16 surrogates, which UTF-8 cannot carry, are encoded as U+FFFD would be.
 * Instances are immutable apart from an internal cache and safe to share between threads.
 */
public final class Tokenizer {
    private final TextNormalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final BpeModel model;
    private final AddedTokenMatcher rawTokenMatcher;
    private final AddedTokenMatcher normalizedTokenMatcher;
    private final Map<String, Integer> addedTokenIds = new HashMap<>();
    private final String[] tokenTexts;
    private final byte[][] tokenBytes;
    private final boolean[] special;
    private final SpecialTokenTemplate template;
    private final String bosToken;
    private final String eosToken;

    Tokenizer(TextNormalizer normalizer, PreTokenizer preTokenizer, BpeModel model, List<AddedToken> addedTokens,
            SpecialTokenTemplate postProcessor, JsonNode config) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        AddedVocabulary added = new AddedVocabulary(addedTokens, model.vocab());
        int size = 0;
        for (int id : model.vocab().values()) {
            size = Math.max(size, id + 1);
        }
        for (int id : added.byId().keySet()) {
            size = Math.max(size, id + 1);
        }
        tokenTexts = new String[size];
        special = new boolean[size];
        model.vocab().forEach((text, id) -> tokenTexts[id] = text);
        added.byId().forEach((id, token) -> {
            tokenTexts[id] = token.content();
            special[id] = token.special();
        });
        addedTokenIds.putAll(added.idsByContent());
        List<AddedToken> raw = new ArrayList<>();
        List<AddedToken> normalized = new ArrayList<>();
        for (AddedToken token : added.matchOrder()) {
            (token.normalized() ? normalized : raw).add(token);
        }
        rawTokenMatcher = new AddedTokenMatcher(raw, raw.stream().map(AddedToken::content).toList());
        normalizedTokenMatcher = new AddedTokenMatcher(normalized,
                normalized.stream().map(t -> normalizer.normalize(t.content())).toList());
        tokenBytes = new byte[size][];
        for (int id = 0; id < size; id++) {
            if (tokenTexts[id] != null) {
                // Hugging Face's ByteLevel decoder: a token wholly in the byte alphabet stands for
                // those bytes; any other (an added token such as <｜User｜>) for its own UTF-8.
                byte[] bytes = ByteLevelAlphabet.decode(tokenTexts[id]);
                tokenBytes[id] = bytes != null ? bytes : tokenTexts[id].getBytes(StandardCharsets.UTF_8);
            }
        }
        bosToken = configToken(config, "bos_token");
        eosToken = configToken(config, "eos_token");
        template = templateFor(config, postProcessor);
    }

    /**
     * Reads the tokenizer in {@code dir}: {@code tokenizer.json} (or {@code tokenizer.json.gz}) and,
     * where present, {@code tokenizer_config.json}.
     *
     * @throws TokenizerFormatException for a malformed file or a component Latte does not implement
     */
    public static Tokenizer load(Path dir) {
        return TokenizerReader.read(dir);
    }

    /**
     * Builds a tokenizer from the text of a {@code tokenizer.json} and of a
     * {@code tokenizer_config.json} ({@code null} where there is none).
     */
    public static Tokenizer fromJson(String tokenizerJson, String tokenizerConfigJson) {
        return TokenizerReader.fromJson(tokenizerJson, TokenizerReader.TOKENIZER_JSON, tokenizerConfigJson,
                TokenizerReader.CONFIG_JSON);
    }

    /** The ids of {@code text} read as plain text: added and special tokens in it are not recognised. */
    public int[] encode(String text) {
        IntList ids = new IntList(text.length() / 3 + 4);
        encodePlain(normalizer.normalize(withoutLoneSurrogates(text)), ids);
        return ids.toArray();
    }

    /**
     * The ids of {@code text} with added tokens ({@code <｜User｜>}, {@code <think>}, ...) in it
     * recognised, as Hugging Face's {@code encode(text, add_special_tokens=False)}. No BOS is added.
     */
    public int[] encodeWithSpecialTokens(String text) {
        IntList ids = new IntList(text.length() / 3 + 4);
        rawTokenMatcher.split(withoutLoneSurrogates(text), new AddedTokenMatcher.Sink() {
            @Override
            public void text(String between) {
                normalizedTokenMatcher.split(normalizer.normalize(between), new AddedTokenMatcher.Sink() {
                    @Override
                    public void text(String plain) {
                        encodePlain(plain, ids);
                    }

                    @Override
                    public void token(AddedToken token) {
                        ids.add(token.id());
                    }
                });
            }

            @Override
            public void token(AddedToken token) {
                ids.add(token.id());
            }
        });
        return ids.toArray();
    }

    /**
     * {@code ids} with the special tokens this tokenizer puts around a text (usually BOS in front):
     * from {@code add_bos_token}/{@code add_eos_token} in tokenizer_config.json where it sets them,
     * as Hugging Face transformers does, else from tokenizer.json's post-processor.
     */
    public int[] addSpecialTokens(int[] ids) {
        return template.apply(ids);
    }

    /** The text of {@code ids}, special tokens included, as Hugging Face's {@code decode}. */
    public String decode(int[] ids) {
        int length = 0;
        for (int id : ids) {
            length += tokenBytes(id).length;
        }
        byte[] bytes = new byte[length];
        int at = 0;
        for (int id : ids) {
            byte[] token = tokenBytes[id];
            System.arraycopy(token, 0, bytes, at, token.length);
            at += token.length;
        }
        StringBuilder text = new StringBuilder(length);
        Utf8.decode(bytes, 0, length, text, true);
        return text.toString();
    }

    /** A decoder for a stream of generated ids that emits text only at whole characters. */
    public StreamingDecoder newStreamingDecoder() {
        return new StreamingDecoder(this);
    }

    /** The id of the token whose vocabulary entry is exactly {@code token}: an added token or a BPE entry. */
    public OptionalInt tokenId(String token) {
        Integer id = addedTokenIds.get(token);
        if (id == null) {
            id = model.vocab().get(token);
        }
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The vocabulary entry of {@code id} as written in tokenizer.json (byte-level alphabet for BPE entries). */
    public String tokenText(int id) {
        checkId(id);
        return tokenTexts[id];
    }

    /** Whether {@code id} is an added token marked {@code special} (BOS, EOS, role and tool markers, ...). */
    public boolean isSpecialToken(int id) {
        checkId(id);
        return special[id];
    }

    /** The beginning-of-sequence token of tokenizer_config.json, if it names one. */
    public Optional<String> bosToken() {
        return Optional.ofNullable(bosToken);
    }

    public OptionalInt bosTokenId() {
        return bosToken == null ? OptionalInt.empty() : tokenId(bosToken);
    }

    /** The end-of-sequence token of tokenizer_config.json, if it names one. */
    public Optional<String> eosToken() {
        return Optional.ofNullable(eosToken);
    }

    public OptionalInt eosTokenId() {
        return eosToken == null ? OptionalInt.empty() : tokenId(eosToken);
    }

    /** One more than the largest token id: the size of the id space, added tokens included. */
    public int vocabularySize() {
        return tokenTexts.length;
    }

    /** The contents of all added tokens, for tests that plant them in text. */
    java.util.Set<String> addedTokenContents() {
        return java.util.Collections.unmodifiableSet(addedTokenIds.keySet());
    }

    byte[] tokenBytes(int id) {
        checkId(id);
        return tokenBytes[id];
    }

    private void encodePlain(String normalized, IntList ids) {
        if (!normalized.isEmpty()) {
            preTokenizer.split(PreTokenizer.Text.of(normalized), 0, normalized.length(),
                    (text, start, end) -> model.encode(text.original(), start, end, ids));
        }
    }

    private void checkId(int id) {
        if (id < 0 || id >= tokenTexts.length || tokenTexts[id] == null) {
            throw new IllegalArgumentException("no token with id " + id + " (vocabulary size " + tokenTexts.length + ")");
        }
    }

    private SpecialTokenTemplate templateFor(JsonNode config, SpecialTokenTemplate postProcessor) {
        if (!config.has("add_bos_token") && !config.has("add_eos_token")) {
            return postProcessor;
        }
        int[] prefix = config.bool("add_bos_token", false) ? new int[] {configTokenId(config, "bos_token", bosToken)} : new int[0];
        int[] suffix = config.bool("add_eos_token", false) ? new int[] {configTokenId(config, "eos_token", eosToken)} : new int[0];
        return new SpecialTokenTemplate(prefix, suffix);
    }

    private int configTokenId(JsonNode config, String field, String token) {
        if (token == null) {
            throw config.malformed("add_" + field + " is true but " + field + " is not set");
        }
        return tokenId(token).orElseThrow(() -> config.get(field).malformed(field + " '" + token + "' is not in the vocabulary"));
    }

    private String configToken(JsonNode config, String field) {
        JsonNode node = config.get(field);
        if (node.isNull()) {
            return null;
        }
        String token = node.value() instanceof String ? node.string() : node.required("content").string();
        if (tokenId(token).isEmpty()) {
            throw node.malformed(field + " '" + token + "' is not in the vocabulary");
        }
        return token;
    }

    /** {@code text} with every unpaired surrogate replaced by U+FFFD, the UTF-8 encodable equivalent. */
    static String withoutLoneSurrogates(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = Utf8.REPLACEMENT;
            }
        }
        return chars == null ? text : new String(chars);
    }
}
