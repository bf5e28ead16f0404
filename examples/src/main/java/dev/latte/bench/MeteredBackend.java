package dev.latte.bench;

import dev.latte.backend.Activations;
import dev.latte.backend.AttentionShape;
import dev.latte.backend.Backend;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.LatentCache;
import dev.latte.backend.RopeFrequencies;
import dev.latte.backend.Routing;
import dev.latte.backend.Weight;
import dev.latte.model.DenseWeight;
import dev.latte.model.Fp8BlockWeight;
import dev.latte.model.Int4GroupWeight;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Backend} that runs every operation on another one and meters it: the bytes of stored
 * weights each operation reads (a whole matrix for a product, one row per distinct token for the
 * embedding, the selected experts only for the routed experts, as the real routing chose them) and
 * the wall time spent in each kind of operation.
 *
 * <p>The CPU backends run each operation before returning, so the time between entry and return is
 * the operation's; for a backend that queues operations, the time lands on the one that waits
 * ({@code toHost}). The metering costs a clock read and a map lookup per operation, a few hundred
 * per token: nothing beside the work.
 */
public final class MeteredBackend implements Backend {
    private final Backend backend;
    private final Map<Weight, Long> storedBytes = new IdentityHashMap<>();
    private final Map<String, long[]> nanosByOperation = new LinkedHashMap<>();
    private long weightBytesRead;

    /** Meters {@code backend}, which it owns from now on: {@link #close()} closes it. */
    public MeteredBackend(Backend backend) {
        this.backend = backend;
    }

    /** Bytes of stored weights read by the operations so far. */
    public long weightBytesRead() {
        return weightBytesRead;
    }

    /**
     * Nanoseconds spent so far in each kind of operation, e.g. {@code matmul self_attn},
     * {@code mlp shared_experts} or {@code routedExperts}, in the order first met.
     */
    public Map<String, Long> nanosByOperation() {
        Map<String, Long> copy = new LinkedHashMap<>();
        nanosByOperation.forEach((operation, nanos) -> copy.put(operation, nanos[0]));
        return copy;
    }

    /** Forgets the time spent so far (the bytes counter is read as differences and keeps running). */
    public void resetTimes() {
        nanosByOperation.clear();
    }

    /** The bytes of the file a stored weight occupies: values plus scales (and zero points). */
    static long storedBytes(WeightTensor stored) {
        return switch (stored) {
            case DenseWeight dense -> dense.data().byteSize();
            case Fp8BlockWeight fp8 -> fp8.values().byteSize() + fp8.scales().byteSize();
            case Int4GroupWeight int4 -> int4.packed().byteSize() + int4.scales().data().byteSize()
                    + (int4.zeroPoints() == null ? 0 : int4.zeroPoints().byteSize());
        };
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public boolean supports(WeightEncoding encoding) {
        return backend.supports(encoding);
    }

    @Override
    public Weight upload(WeightTensor stored) {
        Weight weight = backend.upload(stored);
        storedBytes.put(weight, storedBytes(stored));
        return weight;
    }

    @Override
    public Activations allocate(int rows, int cols) {
        return backend.allocate(rows, cols);
    }

    @Override
    public LatentCache allocateLatentCache(int capacity, int latentRank, int ropeDim) {
        return backend.allocateLatentCache(capacity, latentRank, ropeDim);
    }

    @Override
    public void embed(int[] tokens, Weight table, Activations out) {
        long start = System.nanoTime();
        backend.embed(tokens, table, out);
        record("embed", start);
        BitSet distinct = new BitSet();
        for (int token : tokens) {
            distinct.set(token);
        }
        weightBytesRead += bytes(table) / table.rows() * distinct.cardinality();
    }

    @Override
    public void copy(Activations src, int srcRow, int srcCol, Activations dst, int dstRow, int dstCol, int rows, int cols) {
        long start = System.nanoTime();
        backend.copy(src, srcRow, srcCol, dst, dstRow, dstCol, rows, cols);
        record("copy", start);
    }

    @Override
    public void rmsNorm(Activations x, Weight weight, float eps, Activations out) {
        long start = System.nanoTime();
        backend.rmsNorm(x, weight, eps, out);
        record("rmsNorm", start);
        weightBytesRead += bytes(weight);
    }

    @Override
    public void matmul(Activations x, Weight w, Activations out) {
        long start = System.nanoTime();
        backend.matmul(x, w, out);
        record("matmul " + part(w.name()), start);
        weightBytesRead += bytes(w);
    }

    /** Groups products by the part of the model their weight belongs to. */
    private static String part(String name) {
        if (name.contains("self_attn.")) {
            return "self_attn";
        }
        if (name.contains("shared_experts.")) {
            return "shared_experts";
        }
        if (name.contains("mlp.gate.")) {
            return "router";
        }
        if (name.contains("mlp.")) {
            return "dense_mlp";
        }
        return name.startsWith("lm_head") ? "lm_head" : "other";
    }

    /**
     * Times the whole MLP as one operation of the inner backend (its own products and activation,
     * where it has no fused form, are not metered again) and counts its three weights once each.
     */
    @Override
    public void mlp(Activations x, Weight gate, Weight up, Weight down, Activations out) {
        long start = System.nanoTime();
        backend.mlp(x, gate, up, down, out);
        record("mlp " + part(gate.name()), start);
        weightBytesRead += bytes(gate) + bytes(up) + bytes(down);
    }

    @Override
    public void siluMul(Activations gate, Activations up, Activations out) {
        long start = System.nanoTime();
        backend.siluMul(gate, up, out);
        record("siluMul", start);
    }

    @Override
    public void add(Activations x, Activations delta) {
        long start = System.nanoTime();
        backend.add(x, delta);
        record("add", start);
    }

    @Override
    public void rope(Activations x, int firstCol, int colStride, int count, RopeFrequencies frequencies, int startPosition) {
        long start = System.nanoTime();
        backend.rope(x, firstCol, colStride, count, frequencies, startPosition);
        record("rope", start);
    }

    @Override
    public void appendLatent(LatentCache cache, Activations latent, Activations ropeKey, int startPosition) {
        long start = System.nanoTime();
        backend.appendLatent(cache, latent, ropeKey, startPosition);
        record("appendLatent", start);
    }

    @Override
    public void readLatent(LatentCache cache, int position, float[] latent, float[] ropeKey) {
        backend.readLatent(cache, position, latent, ropeKey);
    }

    @Override
    public void mlaAttention(Activations query, Weight kvUp, LatentCache cache, int startPosition, AttentionShape shape,
                             Activations out) {
        long start = System.nanoTime();
        backend.mlaAttention(query, kvUp, cache, startPosition, shape, out);
        record("mlaAttention", start);
        weightBytesRead += bytes(kvUp);
    }

    @Override
    public void routedExperts(Activations x, List<ExpertWeights> experts, Routing routing, Activations out) {
        long start = System.nanoTime();
        backend.routedExperts(x, experts, routing, out);
        record("routedExperts", start);
        BitSet selected = new BitSet(experts.size());
        for (int expert : routing.experts()) {
            selected.set(expert);
        }
        for (int e = selected.nextSetBit(0); e >= 0; e = selected.nextSetBit(e + 1)) {
            ExpertWeights expert = experts.get(e);
            weightBytesRead += bytes(expert.gate()) + bytes(expert.up()) + bytes(expert.down());
        }
    }

    @Override
    public float[] toHost(Activations a) {
        long start = System.nanoTime();
        float[] values = backend.toHost(a);
        record("toHost", start);
        return values;
    }

    @Override
    public void fromHost(float[] values, Activations a) {
        backend.fromHost(values, a);
    }

    @Override
    public void close() {
        backend.close();
    }

    private long bytes(Weight weight) {
        Long bytes = storedBytes.get(weight);
        if (bytes == null) {
            throw new IllegalArgumentException("weight " + weight.name() + " was not uploaded through this backend");
        }
        return bytes;
    }

    private void record(String operation, long start) {
        nanosByOperation.computeIfAbsent(operation, k -> new long[1])[0] += System.nanoTime() - start;
    }
}
