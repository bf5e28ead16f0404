package dev.latte.cuda;

import java.lang.foreign.MemorySegment;

/**
 * A loaded kernel: its {@code extern "C"} name, the driver's {@code CUfunction}, and its parameter
 * kinds as {@link KernelSignatures} spells them (read from the CUDA source it was compiled from).
 */
public record Kernel(String name, MemorySegment function, String signature) {
}
