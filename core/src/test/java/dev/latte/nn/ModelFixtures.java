package dev.latte.nn;

import dev.latte.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tiny DeepSeek-architecture checkpoints of {@code src/test/resources/models} (copied from
 * the shared fixtures; see their README) and their {@code expected.json}: logits and greedy
 * continuations computed by DeepSeek's own reference code in float32. Shared with other modules
 * through core's test-jar; from a jar, the folders are extracted once to a temporary directory
 * (a checkpoint must be a file to be mapped).
 */
public final class ModelFixtures {
    /** Every fixture checkpoint: V3 in F32, FP8 and INT4; V2-Lite in BF16; V2 group-limited in F32. */
    public static final List<String> NAMES = List.of("v3-f32", "v3-fp8", "v3-int4", "v2lite-bf16", "v2group-f32");
    private static final List<String> FILES = List.of("config.json", "model.safetensors", "expected.json");
    private static Path extracted;

    private ModelFixtures() {
    }

    /** One prompt and the reference outputs for it. */
    public record Case(int[] promptIds, float[][] logits, int[] greedy) {
    }

    /** The checkpoint folder of fixture {@code name}. */
    public static Path folder(String name) {
        URL url = ModelFixtures.class.getResource("/models/" + name + "/config.json");
        if (url == null) {
            throw new IllegalStateException("fixture " + name + " is not on the test class path");
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI()).getParent();
            }
            return extract(name);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reference cases of fixture {@code name}: a 12-token and an 80-token prompt. */
    public static List<Case> expected(String name) {
        try {
            Map<String, Object> json = Json.parseObject(Files.readString(folder(name).resolve("expected.json")));
            List<Case> cases = new ArrayList<>();
            for (Object item : (List<?>) json.get("cases")) {
                Map<?, ?> c = (Map<?, ?>) item;
                List<?> rows = (List<?>) c.get("logits");
                float[][] logits = new float[rows.size()][];
                for (int r = 0; r < logits.length; r++) {
                    logits[r] = floats((List<?>) rows.get(r));
                }
                cases.add(new Case(ints((List<?>) c.get("prompt_ids")), logits, ints((List<?>) c.get("greedy"))));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path extract(String name) {
        try {
            if (extracted == null) {
                extracted = Files.createTempDirectory("latte-fixtures");
                extracted.toFile().deleteOnExit();
            }
            Path folder = extracted.resolve(name);
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
                // deleteOnExit runs in reverse order of registration: files, then their folder
                folder.toFile().deleteOnExit();
                for (String file : FILES) {
                    try (InputStream in = ModelFixtures.class.getResourceAsStream("/models/" + name + "/" + file)) {
                        Files.copy(in, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                    }
                    folder.resolve(file).toFile().deleteOnExit();
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] ints(List<?> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).intValue();
        }
        return out;
    }

    private static float[] floats(List<?> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }
}
