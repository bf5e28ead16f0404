package dev.latte.jmh;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.latte.tokenizer.Tokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded encode throughput of Latte's tokenizer and of Hugging Face {@code tokenizers}
 * (Rust, through DJL) on the same tokenizer.json and the same 4 KB documents, in one run. The
 * secondary {@code bytes} and {@code tokens} counters give MB/s and tokens/s directly.
 *
 * <p>Run from the repository root (see docs/tokenizer.md); {@code -Dlatte.tokenizers=DIR} points
 * at another directory of tokenizers, {@code -Dlatte.corpus=DIR} at another corpus.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Threads(1)
public class TokenizerBenchmark {
    private static final int DOCUMENT_BYTES = 4096;

    @Param({"deepseek-v3", "qwen3", "llama3"})
    public String tokenizer;

    @Param({"prose", "code", "multilingual"})
    public String document;

    private Tokenizer latte;
    private HuggingFaceTokenizer huggingFace;
    private String text;
    private int textBytes;

    /** Bytes and tokens encoded, reported by JMH as rates next to the operation rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Volume {
        public long bytes;
        public long tokens;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            tokens = 0;
        }
    }

    @Setup
    public void setUp() throws IOException {
        Path tokenizers = Path.of(System.getProperty("latte.tokenizers", "tokenizer/src/test/resources/tokenizers"));
        Path corpus = Path.of(System.getProperty("latte.corpus", "tokenizer/src/test/resources/corpus"));
        Path dir = tokenizers.resolve(tokenizer);
        latte = Tokenizer.load(dir);
        huggingFace = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(readTokenizerJson(dir)),
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        text = fourKilobytes(switch (document) {
            case "prose" -> Files.readString(corpus.resolve("prose-english.txt"));
            case "code" -> Files.readString(corpus.resolve("code.txt"));
            case "multilingual" -> Files.readString(corpus.resolve("prose-european.txt"))
                    + Files.readString(corpus.resolve("cjk.txt"))
                    + Files.readString(corpus.resolve("cyrillic-arabic-devanagari.txt"));
            default -> throw new IllegalArgumentException("unknown document " + document);
        });
        textBytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (!java.util.Arrays.equals(java.util.Arrays.stream(latte.encode(text)).asLongStream().toArray(),
                huggingFace.encode(text, false, false).getIds())) {
            throw new IllegalStateException("Latte and Hugging Face disagree on the " + document + " document");
        }
    }

    @TearDown
    public void tearDown() {
        huggingFace.close();
    }

    @Benchmark
    public int[] latte(Volume volume) {
        int[] ids = latte.encode(text);
        volume.bytes += textBytes;
        volume.tokens += ids.length;
        return ids;
    }

    @Benchmark
    public long[] huggingFace(Volume volume) {
        long[] ids = huggingFace.encode(text, false, false).getIds();
        volume.bytes += textBytes;
        volume.tokens += ids.length;
        return ids;
    }

    /** {@code source} repeated as needed and cut to at most 4096 UTF-8 bytes at a character boundary. */
    private static String fourKilobytes(String source) {
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; ; i = (i + Character.charCount(source.codePointAt(i))) % source.length()) {
            int codePoint = source.codePointAt(i);
            int width = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + width > DOCUMENT_BYTES) {
                return out.toString();
            }
            out.appendCodePoint(codePoint);
            bytes += width;
        }
    }

    private static byte[] readTokenizerJson(Path dir) throws IOException {
        Path plain = dir.resolve("tokenizer.json");
        if (Files.exists(plain)) {
            return Files.readAllBytes(plain);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("tokenizer.json.gz")))) {
            return in.readAllBytes();
        }
    }
}
