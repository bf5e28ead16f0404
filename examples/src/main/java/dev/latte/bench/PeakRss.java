package dev.latte.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The peak resident set size of this process, from the {@code VmHWM} line of Linux's
 * {@code /proc/self/status} ("high water mark"): memory-mapped weights that were touched count,
 * as they do for any engine that maps its checkpoint.
 */
public final class PeakRss {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakRss() {
    }

    /** Peak RSS in bytes, or empty where {@code /proc/self/status} does not exist (not Linux). */
    public static OptionalLong bytes() {
        if (!Files.isReadable(STATUS)) {
            return OptionalLong.empty();
        }
        try {
            return parse(Files.readString(STATUS));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The {@code VmHWM} value of a {@code /proc/PID/status} text, in bytes (the file says kB, meaning KiB). */
    static OptionalLong parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                String[] words = line.substring("VmHWM:".length()).trim().split("\\s+");
                if (words.length != 2 || !words[1].equals("kB")) {
                    throw new IllegalStateException("unexpected VmHWM line in /proc/self/status: " + line);
                }
                return OptionalLong.of(Long.parseLong(words[0]) * 1024);
            }
        }
        return OptionalLong.empty();
    }
}
