package dev.latte.cli;

import dev.latte.synth.ModelShape;
import dev.latte.synth.SyntheticCheckpoint;
import dev.latte.synth.SyntheticDtype;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code latte synth}: writes a checkpoint of random weights with the real shapes of DeepSeek-V2-Lite
 * or V3, optionally cut to its first layers, for benchmarks and load tests without a download.
 */
public final class SynthCommand implements Command {

    @Override
    public String name() {
        return "synth";
    }

    @Override
    public String usage() {
        return "--shape v2-lite|v3 --dtype bf16|fp8|int4 --out DIR [--layers N] [--seed S] [--threads N]";
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws Exception {
        ModelShape shape = parse(() -> ModelShape.named(args.required("shape")));
        SyntheticDtype dtype = parse(() -> SyntheticDtype.named(args.required("dtype")));
        Path directory = Path.of(args.required("out"));
        int layers = args.intValue("layers", shape.layers());
        long seed = args.intValue("seed", 0);
        int threads = args.intValue("threads", Runtime.getRuntime().availableProcessors());
        args.requireAllRead();
        ModelShape cut = parse(() -> shape.withLayers(layers));
        if (threads < 1) {
            throw new UsageException("option --threads needs at least 1, got " + threads);
        }

        SyntheticCheckpoint checkpoint = new SyntheticCheckpoint(cut, dtype, seed);
        long start = System.nanoTime();
        checkpoint.writeTo(directory, threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("wrote %s: %d tensors, %.2f GB in %.1f s (%.2f GB/s)%n", directory, checkpoint.tensors().size(),
                checkpoint.dataBytes() / 1e9, seconds, checkpoint.dataBytes() / 1e9 / seconds);
        return 0;
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
