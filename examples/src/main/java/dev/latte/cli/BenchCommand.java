package dev.latte.cli;

import dev.latte.backend.Backends;
import dev.latte.bench.BenchResult;
import dev.latte.bench.MeteredBackend;
import dev.latte.bench.PeakRss;
import dev.latte.bench.ReadBandwidth;
import dev.latte.model.Checkpoint;
import dev.latte.model.StoredTensor;
import dev.latte.nn.Session;
import dev.latte.nn.Transformer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.Set;

/**
 * {@code latte bench}: end-to-end speed of a checkpoint on one backend. Prefills a random prompt
 * (seeded token ids), then decodes greedily, timing both; meters the weight bytes each decode step
 * reads (from the real routing) and compares the implied bandwidth with the machine's read
 * bandwidth, measured in the same run over an off-heap buffer.
 *
 * <p>Before timing, the checkpoint's mapped pages are loaded and one untimed run of the same size
 * (the same prompt, the same number of decode steps) warms the JIT compiler, as llama-bench's
 * warm-up run does: the prefill kernels are large and C2 compiles them only after many calls, so a
 * shorter warm-up left them compiling during the timed prefill. Backends with a pool of their
 * own run on {@code --threads} threads (the scalar reference runs on one whatever it says).
 */
public final class BenchCommand implements Command {
    /** The size of the bandwidth probe: at least 1 GiB, so that caches do not count. */
    static final long DEFAULT_PROBE_BYTES = 1L << 30;
    private static final int PROBE_PASSES = 20;

    private final long probeBytes;

    public BenchCommand() {
        this(DEFAULT_PROBE_BYTES);
    }

    /** A bench whose bandwidth probe reads {@code probeBytes} (tests use less than the 1 GiB default). */
    BenchCommand(long probeBytes) {
        this.probeBytes = probeBytes;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return "--model DIR [--prompt-tokens 512] [--gen-tokens 128] [--backend NAME] [--threads N] [--seed S]"
                + " [--json] [--profile]";
    }

    @Override
    public Set<String> flags() {
        return Set.of("json", "profile");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        Path model = Path.of(args.required("model"));
        int promptTokens = args.intValue("prompt-tokens", 512);
        int generatedTokens = args.intValue("gen-tokens", 128);
        String backendName = args.optional("backend");
        int threads = args.intValue("threads", Runtime.getRuntime().availableProcessors());
        long seed = args.intValue("seed", 0);
        boolean json = args.flag("json");
        boolean profile = args.flag("profile");
        args.requireAllRead();
        if (promptTokens < 1 || generatedTokens < 1 || threads < 1) {
            throw new UsageException("--prompt-tokens, --gen-tokens and --threads need at least 1");
        }

        Timings timings;
        String backend;
        OptionalLong peakRss;
        try (Transformer transformer = open(model, backendName, threads)) {
            MeteredBackend metered = (MeteredBackend) transformer.backend();
            backend = metered.name();
            int[] prompt = new SplittableRandom(seed).ints(promptTokens, 0, transformer.config().vocabSize()).toArray();
            warmUp(transformer, prompt, generatedTokens);
            timings = time(transformer, metered, prompt, generatedTokens);
            peakRss = PeakRss.bytes();
        }
        double bandwidth = ReadBandwidth.measure(probeBytes, threads, PROBE_PASSES);
        BenchResult result = new BenchResult(backend, threads, promptTokens, generatedTokens, timings.prefillNanos(),
                timings.decodeNanos(), timings.weightBytesPerToken(), bandwidth, peakRss,
                profile ? timings.prefillProfile() : Map.of(), profile ? timings.decodeProfile() : Map.of());
        out.print(json ? result.toJson() + System.lineSeparator() : result.toText());
        return 0;
    }

    /** Loads the checkpoint on a metered backend and pages its weights in. */
    private static Transformer open(Path folder, String backendName, int threads) {
        Checkpoint checkpoint = Checkpoint.open(folder);
        MeteredBackend backend = null;
        try {
            backend = new MeteredBackend(Backends.create(backendName, threads));
            for (StoredTensor tensor : checkpoint.tensors().values()) {
                if (tensor.data().isMapped()) {
                    tensor.data().load();
                }
            }
            return Transformer.load(checkpoint, backend);
        } catch (RuntimeException e) {
            if (backend != null) {
                backend.close();
            }
            checkpoint.close();
            throw e;
        }
    }

    private static void warmUp(Transformer transformer, int[] prompt, int steps) {
        try (Session session = transformer.newSession(prompt.length + steps)) {
            int token = argmax(transformer.prefill(session, prompt));
            for (int step = 0; step < steps; step++) {
                token = argmax(transformer.decode(session, token));
            }
        }
    }

    private record Timings(long prefillNanos, long decodeNanos, long weightBytesPerToken,
                           Map<String, Long> prefillProfile, Map<String, Long> decodeProfile) {
    }

    private static Timings time(Transformer transformer, MeteredBackend metered, int[] prompt, int steps) {
        try (Session session = transformer.newSession(prompt.length + steps)) {
            metered.resetTimes();
            long start = System.nanoTime();
            int token = argmax(transformer.prefill(session, prompt));
            long prefilled = System.nanoTime();
            Map<String, Long> prefillProfile = metered.nanosByOperation();
            metered.resetTimes();
            long bytesBefore = metered.weightBytesRead();
            for (int step = 0; step < steps; step++) {
                token = argmax(transformer.decode(session, token));
            }
            long decoded = System.nanoTime();
            long bytesPerToken = (metered.weightBytesRead() - bytesBefore) / steps;
            return new Timings(prefilled - start, decoded - prefilled, bytesPerToken, prefillProfile,
                    metered.nanosByOperation());
        }
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
