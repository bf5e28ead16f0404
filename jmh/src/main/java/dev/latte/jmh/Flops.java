package dev.latte.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Floating-point operations done, which JMH reports as a rate next to the operation rate (FLOP/s). */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Flops {
    public long flops;

    @Setup(Level.Iteration)
    public void reset() {
        flops = 0;
    }
}
