package dev.latte.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a large checkpoint's weight files once, front to back, with a progress bar, before the
 * model maps them: the files then come from the page cache instead of page faults in a random
 * order, and the user sees how far loading has got.
 */
final class CheckpointWarmup {
    /** Smaller checkpoints load in about a second: no bar. */
    static final long THRESHOLD_BYTES = 1L << 30;
    private static final int BAR_WIDTH = 40;

    private CheckpointWarmup() {}

    static void readWithProgress(Path folder, PrintStream err) throws IOException {
        readWithProgress(folder, err, THRESHOLD_BYTES);
    }

    /** Reads the weight files of {@code folder} where they add up to {@code thresholdBytes} or more. */
    static void readWithProgress(Path folder, PrintStream err, long thresholdBytes) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        if (total < thresholdBytes) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(16 << 20);
        long done = 0;
        int shown = -1;
        for (Path file : files) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                int read;
                while ((read = channel.read(buffer.clear())) > 0) {
                    done += read;
                    int percent = (int) (done * 100 / total);
                    if (percent != shown) {
                        shown = percent;
                        err.print("\r" + bar(percent, done, total));
                        err.flush();
                    }
                }
            }
        }
        err.println();
    }

    static String bar(int percent, long done, long total) {
        int filled = percent * BAR_WIDTH / 100;
        return String.format(Locale.ROOT, "loading [%s%s] %3d%% %.1f/%.1f GB", "#".repeat(filled),
                " ".repeat(BAR_WIDTH - filled), percent, done / 1e9, total / 1e9);
    }
}
