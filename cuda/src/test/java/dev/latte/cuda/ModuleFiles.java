package dev.latte.cuda;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the cuda module's source tree, found from the module (Maven) or the repository root (GPU runs). */
final class ModuleFiles {

    private ModuleFiles() {
    }

    /** {@code relative} (e.g. {@code src/test/c/fake_cuda.c}) under whichever of the two roots has it. */
    static Path resolve(String relative) {
        Path fromModule = Path.of(relative);
        if (Files.exists(fromModule)) {
            return fromModule.toAbsolutePath();
        }
        Path fromRoot = Path.of("cuda").resolve(relative);
        if (Files.exists(fromRoot)) {
            return fromRoot.toAbsolutePath();
        }
        throw new IllegalStateException(relative + " not found from " + Path.of("").toAbsolutePath());
    }
}
