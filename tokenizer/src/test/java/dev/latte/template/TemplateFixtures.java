package dev.latte.template;

import dev.latte.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test resources of the template package: Jinja2-rendered cases and the real tokenizers. */
final class TemplateFixtures {
    private TemplateFixtures() {
    }

    static Path resource(String name) {
        return classpath("/template/" + name);
    }

    /** The directory of a real tokenizer (tokenizer.json.gz, tokenizer_config.json), shared with the tokenizer tests. */
    static Path tokenizerDirectory(String tokenizer) {
        return classpath("/tokenizers/" + tokenizer);
    }

    private static Path classpath(String name) {
        var url = TemplateFixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path tokenizerConfig(String tokenizer) {
        return tokenizerDirectory(tokenizer).resolve("tokenizer_config.json");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases(String file) {
        try {
            Map<String, Object> root = Json.parseObject(Files.readString(resource(file)));
            return (List<Map<String, Object>>) root.get("cases");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
