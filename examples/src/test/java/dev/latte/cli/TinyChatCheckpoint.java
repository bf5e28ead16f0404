package dev.latte.cli;

import dev.latte.synth.ModelShape;
import dev.latte.synth.SyntheticCheckpoint;
import dev.latte.synth.SyntheticDtype;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small random DeepSeek-V3-shaped checkpoint with the real V3 tokenizer and chat template, for tests. */
public final class TinyChatCheckpoint {
    private TinyChatCheckpoint() {}

    /** Writes it into {@code folder}: 2 narrow layers, the full 129280-token vocabulary. */
    public static void writeTo(Path folder) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>(DemoCheckpoint.config());
        config.put("hidden_size", 32);
        config.put("intermediate_size", 64);
        config.put("moe_intermediate_size", 16);
        config.put("num_hidden_layers", 2);
        config.put("q_lora_rank", 32);
        config.put("kv_lora_rank", 32);
        config.put("qk_nope_head_dim", 16);
        config.put("qk_rope_head_dim", 8);
        config.put("v_head_dim", 16);
        new SyntheticCheckpoint(ModelShape.of(config), SyntheticDtype.BF16, 3).writeTo(folder, 2);
        for (String file : List.of("tokenizer.json.gz", "tokenizer_config.json")) {
            try (InputStream in = DemoCheckpoint.class.getResourceAsStream("demo/" + file)) {
                Files.copy(in, folder.resolve(file));
            }
        }
    }
}
