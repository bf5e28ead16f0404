package dev.latte.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's memory read bandwidth as this process sees it: several threads stream through one
 * off-heap buffer, each its own contiguous share, with the widest vector loads; the best of several
 * passes counts (the others met interference). This is the ceiling a decode step that reads every
 * weight once can reach.
 */
public final class ReadBandwidth {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    /** Independent accumulators per thread, so that the adds do not wait for each other. */
    private static final int UNROLL = 4;

    private ReadBandwidth() {
    }

    /**
     * Bytes per second of the fastest of {@code passes} full reads of a {@code bytes}-byte buffer by
     * {@code threads} threads.
     */
    public static double measure(long bytes, int threads, int passes) {
        long step = (long) SPECIES.vectorByteSize() * UNROLL;
        long share = bytes / threads / step * step;
        if (share == 0 || passes < 1) {
            throw new IllegalArgumentException("cannot measure " + bytes + " bytes on " + threads + " threads in "
                    + passes + " passes");
        }
        try (Arena arena = Arena.ofShared(); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            MemorySegment buffer = arena.allocate(share * threads, 64);
            buffer.fill((byte) 1);
            long best = Long.MAX_VALUE;
            for (int pass = 0; pass < passes; pass++) {
                long start = System.nanoTime();
                List<Future<Long>> reads = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    MemorySegment part = buffer.asSlice(t * share, share);
                    reads.add(pool.submit(() -> sum(part)));
                }
                long checksum = 0;
                for (Future<Long> read : reads) {
                    checksum += read.get();
                }
                best = Math.min(best, System.nanoTime() - start);
                if (checksum != share * threads / 8 * 0x0101010101010101L) {
                    throw new IllegalStateException("the bandwidth probe read back wrong data");
                }
            }
            return share * threads / (best / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the read bandwidth", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the bandwidth probe failed", e.getCause());
        }
    }

    /** The sum of the segment's longs, read with vector loads; its length is a multiple of the unrolled step. */
    private static long sum(MemorySegment segment) {
        LongVector a = LongVector.zero(SPECIES);
        LongVector b = LongVector.zero(SPECIES);
        LongVector c = LongVector.zero(SPECIES);
        LongVector d = LongVector.zero(SPECIES);
        long width = SPECIES.vectorByteSize();
        ByteOrder order = ByteOrder.nativeOrder();
        for (long offset = 0; offset < segment.byteSize(); offset += UNROLL * width) {
            a = a.add(LongVector.fromMemorySegment(SPECIES, segment, offset, order));
            b = b.add(LongVector.fromMemorySegment(SPECIES, segment, offset + width, order));
            c = c.add(LongVector.fromMemorySegment(SPECIES, segment, offset + 2 * width, order));
            d = d.add(LongVector.fromMemorySegment(SPECIES, segment, offset + 3 * width, order));
        }
        return a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
    }
}
