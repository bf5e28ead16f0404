package dev.latte;

import dev.latte.backend.Backend;
import dev.latte.backend.Backends;
import dev.latte.json.Json;
import dev.latte.model.Checkpoint;
import dev.latte.nn.Transformer;
import dev.latte.template.ChatTemplate;
import dev.latte.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts a {@link Model} together from a Hugging Face checkpoint folder: the weights
 * ({@code config.json}, {@code *.safetensors}) on the chosen backend, the tokenizer
 * ({@code tokenizer.json} or {@code tokenizer.json.gz}) and the chat template
 * ({@code tokenizer_config.json}) where the folder has them.
 */
final class ModelLoader {
    /** Context length when the options leave it open: KV caches are allocated whole per session. */
    static final int DEFAULT_CONTEXT_LENGTH = 4096;

    private ModelLoader() {}

    static Model load(Path folder, ModelOptions options) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder: pass a checkpoint's folder");
        }
        Backend backend = Backends.create(options.backend(), options.threads());
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.open(folder);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        Transformer transformer;
        try {
            transformer = Transformer.load(checkpoint, backend);
        } catch (RuntimeException e) {
            checkpoint.close();
            backend.close();
            throw e;
        }
        try {
            int maxPositions = transformer.config().maxPositionEmbeddings();
            int contextLength = options.contextLength() == 0
                    ? Math.min(maxPositions, DEFAULT_CONTEXT_LENGTH)
                    : options.contextLength();
            if (contextLength > maxPositions) {
                throw new IllegalArgumentException("contextLength " + contextLength
                        + " exceeds the checkpoint's max_position_embeddings " + maxPositions);
            }
            Tokenizer tokenizer = hasTokenizer(folder) ? Tokenizer.load(folder) : null;
            int[] ends = endOfGenerationIds(folder, tokenizer);
            TextCodec codec = tokenizer == null ? null : new TokenizerCodec(tokenizer, ends);
            ChatFormat chatFormat = tokenizer == null ? null : chatFormat(folder);
            LanguageModel network = new TransformerNetwork(transformer, contextLength, options.kvCacheBudgetBytes());
            return new Model(network, codec, chatFormat, ends, () -> {});
        } catch (RuntimeException e) {
            transformer.close();
            throw e;
        }
    }

    private static boolean hasTokenizer(Path folder) {
        return Files.exists(folder.resolve("tokenizer.json")) || Files.exists(folder.resolve("tokenizer.json.gz"));
    }

    private static ChatFormat chatFormat(Path folder) {
        Path config = folder.resolve("tokenizer_config.json");
        if (!Files.exists(config)) {
            return null;
        }
        try {
            Map<String, Object> json = Json.parseObject(Files.readString(config));
            return json.get("chat_template") == null ? null : new TemplateChatFormat(ChatTemplate.fromConfig(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config + ": " + e.getMessage(), e);
        }
    }

    /** config.json's {@code eos_token_id} (a number or a list) and the tokenizer's EOS. */
    private static int[] endOfGenerationIds(Path folder, Tokenizer tokenizer) {
        Set<Integer> ids = new LinkedHashSet<>();
        try {
            Object eos = Json.parseObject(Files.readString(folder.resolve("config.json"))).get("eos_token_id");
            if (eos instanceof Number n) {
                ids.add(n.intValue());
            } else if (eos instanceof List<?> list) {
                list.forEach(id -> ids.add(((Number) id).intValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.resolve("config.json"), e);
        }
        if (tokenizer != null) {
            tokenizer.eosTokenId().ifPresent(ids::add);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
