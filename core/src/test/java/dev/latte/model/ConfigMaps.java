package dev.latte.model;

import dev.latte.json.Json;
import dev.latte.nn.ModelFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** Parsed {@code config.json} objects of the fixtures, to edit in tests. */
public final class ConfigMaps {
    private ConfigMaps() {
    }

    /** The config of fixture {@code name} as a mutable map. */
    public static Map<String, Object> of(String name) {
        try {
            return Json.parseObject(Files.readString(ModelFixtures.folder(name).resolve("config.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DeepSeek-V3's published rope and attention shapes (spec §1.2) on the tiny V3 fixture config. */
    public static ModelConfig deepSeekV3Rope() {
        Map<String, Object> c = of("v3-f32");
        c.put("qk_rope_head_dim", 64L);
        c.put("qk_nope_head_dim", 128L);
        c.put("rope_scaling", Map.of("type", "yarn", "factor", 40.0, "original_max_position_embeddings", 4096L,
                "beta_fast", 32L, "beta_slow", 1L, "mscale", 1.0, "mscale_all_dim", 1.0));
        return ModelConfig.parse(c);
    }
}
