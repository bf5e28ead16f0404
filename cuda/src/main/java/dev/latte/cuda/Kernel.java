package dev.latte.cuda;

import java.lang.foreign.MemorySegment;

/**
 * A loaded kernel: its {@code extern "C"} name and the driver's {@code CUfunction}.
 */
public record Kernel(String name, MemorySegment function) {
}
