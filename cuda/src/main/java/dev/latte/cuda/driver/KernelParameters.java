package dev.latte.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The {@code kernelParams} argument of {@code cuLaunchKernel}: an array of pointers, entry
 * {@code i} pointing at the value of the kernel's parameter {@code i}. Made once and refilled for
 * every launch ({@link #reset()} then one call per parameter, in the kernel's order), so launching
 * allocates nothing; the driver copies the values when the launch is queued.
 *
 * <p>Each value gets a 16-byte-aligned slot of {@link #SLOT_BYTES} bytes, enough for a by-value
 * struct such as {@code WeightView}. Not thread-safe: one per launching thread.
 */
public final class KernelParameters implements AutoCloseable {
    /** Most parameters one kernel may take. */
    public static final int MAX_PARAMETERS = 24;
    /** Bytes of one value slot: the largest by-value parameter. */
    public static final int SLOT_BYTES = 64;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment values = arena.allocate((long) MAX_PARAMETERS * SLOT_BYTES, 16);
    private final MemorySegment pointers = arena.allocate(ADDRESS, MAX_PARAMETERS);
    private final char[] kinds = new char[MAX_PARAMETERS];
    private int count;

    public KernelParameters() {
        for (int i = 0; i < MAX_PARAMETERS; i++) {
            pointers.setAtIndex(ADDRESS, i, values.asSlice((long) i * SLOT_BYTES, SLOT_BYTES));
        }
    }

    /** Forgets the previous launch's values. */
    public KernelParameters reset() {
        count = 0;
        return this;
    }

    /** A device pointer ({@code T*}, {@code CUdeviceptr}). */
    public KernelParameters pointer(long devicePointer) {
        next('P').set(JAVA_LONG, 0, devicePointer);
        return this;
    }

    /** An {@code int}. */
    public KernelParameters i32(int value) {
        next('I').set(JAVA_INT, 0, value);
        return this;
    }

    /** A {@code long long}. */
    public KernelParameters i64(long value) {
        next('L').set(JAVA_LONG, 0, value);
        return this;
    }

    /** A {@code float}. */
    public KernelParameters f32(float value) {
        next('F').set(JAVA_FLOAT, 0, value);
        return this;
    }

    /**
     * The slot of the next parameter, for a struct passed by value: the caller writes its bytes
     * (at most {@link #SLOT_BYTES}) into the returned segment.
     */
    public MemorySegment structSlot() {
        return next('S');
    }

    /** A struct passed by value: its bytes, at most {@link #SLOT_BYTES}. */
    public KernelParameters struct(MemorySegment bytes) {
        if (bytes.byteSize() > SLOT_BYTES) {
            throw new IllegalArgumentException("a by-value struct of " + bytes.byteSize() + " bytes exceeds " + SLOT_BYTES);
        }
        next('S').copyFrom(bytes);
        return this;
    }

    /** Parameters set since {@link #reset()}. */
    public int count() {
        return count;
    }

    /** The {@code void*[]} to pass to {@code cuLaunchKernel}. */
    public MemorySegment array() {
        return pointers;
    }

    /**
     * Whether the parameters set so far have the kinds {@code signature} lists, one letter each:
     * {@code P} pointer, {@code I} int, {@code L} long long, {@code F} float, {@code S} struct.
     */
    public boolean matches(String signature) {
        if (signature.length() != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (signature.charAt(i) != kinds[i]) {
                return false;
            }
        }
        return true;
    }

    /** The kinds set so far, as {@link #matches} spells them. */
    public String signature() {
        return new String(kinds, 0, count);
    }

    private MemorySegment next(char kind) {
        if (count == MAX_PARAMETERS) {
            throw new IllegalStateException("more than " + MAX_PARAMETERS + " kernel parameters");
        }
        kinds[count] = kind;
        return values.asSlice((long) count++ * SLOT_BYTES, SLOT_BYTES);
    }

    @Override
    public void close() {
        arena.close();
    }
}
