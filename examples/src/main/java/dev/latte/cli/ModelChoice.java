package dev.latte.cli;

import dev.latte.Model;
import dev.latte.ModelOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the model a command asked for with {@code --model DIR}, or the demo checkpoint when it
 * asked for none (building it once, and saying so in one line).
 */
final class ModelChoice {
    private ModelChoice() {}

    static Model open(String modelFolder, String backend, PrintStream err) throws IOException {
        Path folder;
        if (modelFolder == null) {
            Path cache = DemoCheckpoint.cacheFolder();
            boolean build = !DemoCheckpoint.isBuilt(cache);
            err.println("latte: no --model given, so using a demo checkpoint (DeepSeek-V3 architecture and tokenizer, "
                    + "random weights: expect noise)" + (build ? ", building it once into " : " from ")
                    + cache.resolve(DemoCheckpoint.NAME));
            folder = DemoCheckpoint.ensureBuilt(cache);
        } else {
            folder = Path.of(modelFolder);
            if (!Files.isDirectory(folder)) {
                throw new UsageException("--model " + modelFolder + " is not a folder");
            }
            CheckpointWarmup.readWithProgress(folder, err);
        }
        ModelOptions options;
        try {
            options = ModelOptions.builder().backend(backend).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return Model.load(folder, options);
    }
}
