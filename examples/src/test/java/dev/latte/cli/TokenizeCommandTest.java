package dev.latte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.json.Json;
import dev.latte.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latte tokenize} against the library it wraps, on the DeepSeek-V3 tokenizer of the tokenizer module. */
class TokenizeCommandTest {
    private static final Path DEEPSEEK = Path.of("../tokenizer/src/test/resources/tokenizers/deepseek-v3");
    private static final Tokenizer TOKENIZER = Tokenizer.load(DEEPSEEK);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsOneJsonArrayOfIdsWithoutBos() {
        assertThat(run("tokenize", "--tokenizer", DEEPSEEK.toString(), "--text", "Hello, Latte!")).isZero();
        assertThat(out()).isEqualTo(Json.write(TOKENIZER.encode("Hello, Latte!")) + "\n");
        assertThat(TOKENIZER.encode("Hello, Latte!")).doesNotContain(TOKENIZER.bosTokenId().orElseThrow());
    }

    @Test
    void specialFlagParsesControlTokensInTheText() {
        String text = "<｜User｜>Hi<｜Assistant｜>";
        run("tokenize", "--tokenizer", DEEPSEEK.toString(), "--text", text);
        String plain = out();
        out.reset();
        run("tokenize", "--tokenizer", DEEPSEEK.toString(), "--special", "--text", text);
        assertThat(plain).isEqualTo(Json.write(TOKENIZER.encode(text)) + "\n");
        assertThat(out()).isEqualTo(Json.write(TOKENIZER.encodeWithSpecialTokens(text)) + "\n").contains("128803");
    }

    @Test
    void printsOneLinePerFileInOrder(@TempDir Path dir) throws Exception {
        Path first = Files.writeString(dir.resolve("a.txt"), "первый файл\r\n");
        Path second = Files.writeString(dir.resolve("b.txt"), "第二个文件 🙂");
        assertThat(run("tokenize", "--tokenizer", DEEPSEEK.toString(), "--file", first.toString(), "--file",
                second.toString())).isZero();
        assertThat(out()).isEqualTo(Json.write(TOKENIZER.encode("первый файл\r\n")) + "\n"
                + Json.write(TOKENIZER.encode("第二个文件 🙂")) + "\n");
    }

    @Test
    void refusesTextAndFileTogetherOrNeither() {
        assertThat(run("tokenize", "--tokenizer", DEEPSEEK.toString())).isEqualTo(2);
        assertThat(run("tokenize", "--tokenizer", DEEPSEEK.toString(), "--text", "a", "--file", "b")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("give either --text or --file");
    }

    @Test
    void namesAMissingTokenizer() {
        assertThat(run("tokenize", "--tokenizer", "no/such/dir", "--text", "a")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no tokenizer.json or tokenizer.json.gz in no/such/dir");
    }

    private int run(String... args) {
        return Latte.withAllCommands().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
