package dev.latte.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Java layout of {@code struct WeightView} equals what a C compiler makes of
 * {@code latte_common.cuh} (the x86-64 / aarch64 ABI nvcc follows for kernel parameters).
 */
class WeightViewLayoutTest {
    private static final List<String> FIELDS = List.of("data", "scales", "zeros", "rowStride", "rows", "cols",
            "encoding", "scaleType", "scaleCols", "blockRows", "blockCols", "reserved");

    @Test
    void matchesTheCompiledStruct() throws Exception {
        Map<String, Long> compiled = compileAndRun();

        assertThat(WeightView.LAYOUT.byteSize()).isEqualTo(compiled.get("sizeof"));
        for (String field : FIELDS) {
            assertThat(WeightView.offsetOf(field)).as(field).isEqualTo(compiled.get(field));
        }
    }

    private static Map<String, Long> compileAndRun() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("latte-weight-view");
        StringBuilder program = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include \"")
                .append(ModuleFiles.resolve("src/main/cuda/latte_common.cuh")).append("\"\nint main(void) {\n")
                .append("  printf(\"sizeof %zu\\n\", sizeof(struct WeightView));\n");
        for (String field : FIELDS) {
            program.append("  printf(\"").append(field).append(" %zu\\n\", offsetof(struct WeightView, ")
                    .append(field).append("));\n");
        }
        program.append("  return 0;\n}\n");
        Path source = Files.writeString(directory.resolve("layout.c"), program);
        Path binary = directory.resolve("layout");
        Process compile;
        try {
            compile = new ProcessBuilder("cc", "-o", binary.toString(), source.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no C compiler (cc) on this machine to compile latte_common.cuh: " + e.getMessage());
            throw e;
        }
        String log = new String(compile.getInputStream().readAllBytes());
        assertThat(compile.waitFor(60, TimeUnit.SECONDS) && compile.exitValue() == 0).as(log).isTrue();
        Process run = new ProcessBuilder(binary.toString()).start();
        Map<String, Long> values = new HashMap<>();
        for (String line : new String(run.getInputStream().readAllBytes()).split("\n")) {
            String[] parts = line.split(" ");
            values.put(parts[0], Long.parseLong(parts[1]));
        }
        run.waitFor(10, TimeUnit.SECONDS);
        return values;
    }
}
