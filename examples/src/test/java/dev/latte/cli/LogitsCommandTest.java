package dev.latte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogitsCommandTest {
    /** A fixture checkpoint of the core module, with DeepSeek's reference outputs beside it. */
    private static final Path FIXTURE = Path.of("../core/src/test/resources/models/v2lite-bf16");

    @Test
    void printsTheLogitsAndGreedyContinuationOfTheReference() throws Exception {
        Map<?, ?> reference = (Map<?, ?>) ((List<?>) Json.parseObject(Files.readString(FIXTURE.resolve("expected.json")))
                .get("cases")).getFirst();
        List<?> ids = (List<?>) reference.get("prompt_ids");
        List<?> greedy = (List<?>) reference.get("greedy");
        String idList = String.join(",", ids.stream().map(String::valueOf).toList());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Latte.withAllCommands().run(new String[] {"logits", "--model", FIXTURE.toString(), "--ids", idList,
                "--greedy", String.valueOf(greedy.size())}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Object> printed = Json.parseObject(out.toString(StandardCharsets.UTF_8));
        assertThat(printed.get("greedy")).isEqualTo(greedy);
        List<?> rows = (List<?>) printed.get("logits");
        List<?> expectedRows = (List<?>) reference.get("logits");
        assertThat(rows).hasSameSizeAs(expectedRows);
        double maxDifference = 0;
        for (int r = 0; r < rows.size(); r++) {
            List<?> row = (List<?>) rows.get(r);
            List<?> expectedRow = (List<?>) expectedRows.get(r);
            assertThat(row).hasSameSizeAs(expectedRow);
            for (int c = 0; c < row.size(); c++) {
                maxDifference = Math.max(maxDifference,
                        Math.abs(((Number) row.get(c)).doubleValue() - ((Number) expectedRow.get(c)).doubleValue()));
            }
        }
        assertThat(maxDifference).isLessThanOrEqualTo(1e-3);
    }

    @Test
    void malformedIdsAreAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Latte.withAllCommands().run(new String[] {"logits", "--model", FIXTURE.toString(), "--ids", "1,x"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ids", "'x'");
    }

    @Test
    void aMissingCheckpointIsReportedWithoutAStackTrace() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Latte.withAllCommands().run(new String[] {"logits", "--model", "no/such/folder", "--ids", "1"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no/such/folder", "config.json");
    }
}
