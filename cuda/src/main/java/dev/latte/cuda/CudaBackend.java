package dev.latte.cuda;

import dev.latte.backend.Activations;
import dev.latte.backend.AttentionShape;
import dev.latte.backend.Backend;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.LatentCache;
import dev.latte.backend.OperandChecks;
import dev.latte.backend.RopeFrequencies;
import dev.latte.backend.Routing;
import dev.latte.backend.Weight;
import dev.latte.model.ModelConfig;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Backend SPI on an NVIDIA GPU: weights uploaded once in their stored encodings, activations
 * and latent caches in device memory, every operation one or a few kernels queued on one stream.
 * Only {@link #toHost} and {@link #readLatent} wait for the GPU, so the work of a forward pass flows
 * without host round trips until its result is read.
 *
 * <p>Matrix products with at most {@value #GEMV_MAX_TOKENS} token rows (decode) run the
 * memory-bound dequantizing GEMV; longer chunks (prefill) the tiled GEMM.
 */
public final class CudaBackend implements Backend {
    /** Token rows up to which {@link #matmul} streams the weight once per eight tokens (GEMV). */
    static final int GEMV_MAX_TOKENS = 8;

    /** Weight rows per 256-thread block: one per warp, or four per warp in the one-token kernels. */
    static final int ROWS_PER_BLOCK = 8, ONE_TOKEN_ROWS_PER_BLOCK = 32;
    private static final int THREADS = 256;

    private final CudaContext context;
    private final Scratch scratch;
    private final Kernels kernels;
    private final List<DeviceWeight> weights = new ArrayList<>();
    private final Set<AutoCloseable> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<float[], DeviceBuffer> ropeTables = new IdentityHashMap<>();
    private final Map<List<ExpertWeights>, DeviceBuffer> expertTables = new IdentityHashMap<>();
    private boolean closed;

    /** A backend on {@code context}, which it owns and closes. */
    public CudaBackend(CudaContext context) {
        this.context = context;
        this.scratch = new Scratch(context);
        this.kernels = new Kernels(context);
    }

    /** A backend on GPU 0. */
    public static CudaBackend open() {
        return new CudaBackend(CudaContext.open(0));
    }

    /** The GPU this backend runs on. */
    public CudaDevice device() {
        return context.device();
    }

    /** The context, for benchmarks that time kernels with events. */
    public CudaContext context() {
        return context;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public boolean supports(WeightEncoding encoding) {
        return true;
    }

    @Override
    public Weight upload(WeightTensor stored) {
        requireOpen();
        context.makeCurrent();
        DeviceWeight weight = DeviceWeight.upload(context, stored);
        weights.add(weight);
        return weight;
    }

    @Override
    public Activations allocate(int rows, int cols) {
        requireOpen();
        return new DeviceActivations(context, rows, cols, live);
    }

    @Override
    public LatentCache allocateLatentCache(int capacity, int latentRank, int ropeDim) {
        requireOpen();
        return new DeviceLatentCache(context, capacity, latentRank, ropeDim, live);
    }

    @Override
    public void embed(int[] tokens, Weight table, Activations out) {
        DeviceWeight weight = weight(table);
        DeviceActivations o = activations(out);
        OperandChecks.requireTokenIds(tokens, weight);
        context.makeCurrent();
        DeviceBuffer ids = scratch.upload(Scratch.TOKENS, tokens);
        view(context.parameters(), weight).pointer(ids.pointer()).i32(tokens.length).pointer(o.pointer()).i32(o.cols());
        context.launch(kernels.embed, blocks((long) tokens.length * weight.cols()), 1, THREADS);
    }

    @Override
    public void copy(Activations src, int srcRow, int srcCol, Activations dst, int dstRow, int dstCol, int rows,
                     int cols) {
        DeviceActivations s = activations(src);
        DeviceActivations d = activations(dst);
        if (srcRow + rows > s.rows() || srcCol + cols > s.cols() || dstRow + rows > d.rows() || dstCol + cols > d.cols()) {
            throw new IndexOutOfBoundsException("copy of " + rows + " × " + cols + " from (" + srcRow + ", " + srcCol
                    + ") of " + s.rows() + " × " + s.cols() + " to (" + dstRow + ", " + dstCol + ") of " + d.rows()
                    + " × " + d.cols());
        }
        context.makeCurrent();
        context.parameters().pointer(s.pointer()).i32(s.cols()).i32(srcRow).i32(srcCol).pointer(d.pointer())
                .i32(d.cols()).i32(dstRow).i32(dstCol).i32(rows).i32(cols);
        context.launch(kernels.copyBlock, blocks((long) rows * cols), 1, THREADS);
    }

    @Override
    public void rmsNorm(Activations x, Weight weight, float eps, Activations out) {
        DeviceActivations in = activations(x);
        DeviceActivations o = activations(out);
        OperandChecks.requireShape(o, in.rows(), in.cols(), "rmsNorm output");
        context.makeCurrent();
        var parameters = context.parameters().pointer(in.pointer()).i32(in.cols());
        view(parameters, weight(weight)).f32(eps).pointer(o.pointer()).i32(o.cols()).i32(in.cols());
        context.launch(kernels.rmsNorm, in.rows(), 1, THREADS);
    }

    @Override
    public void matmul(Activations x, Weight w, Activations out) {
        DeviceActivations in = activations(x);
        DeviceWeight weight = weight(w);
        DeviceActivations o = activations(out);
        if (in.cols() != weight.cols()) {
            throw new IllegalArgumentException(weight.name() + " takes " + weight.cols() + " inputs, not " + in.cols());
        }
        OperandChecks.requireShape(o, in.rows(), weight.rows(), weight.name() + " output");
        context.makeCurrent();
        view(context.parameters(), weight).pointer(in.pointer()).i32(in.cols()).pointer(o.pointer()).i32(o.cols())
                .i32(in.rows());
        if (in.rows() == 1) {
            context.launch(kernels.gemvOneToken, ceilDiv(weight.rows(), ONE_TOKEN_ROWS_PER_BLOCK), 1, THREADS);
        } else if (in.rows() <= GEMV_MAX_TOKENS) {
            context.launch(kernels.gemvEightTokens, ceilDiv(weight.rows(), ROWS_PER_BLOCK), 1, THREADS);
        } else {
            context.launch(kernels.gemmTiled, ceilDiv(weight.rows(), 64), ceilDiv(in.rows(), 64), THREADS);
        }
    }

    @Override
    public void siluMul(Activations gate, Activations up, Activations out) {
        DeviceActivations g = activations(gate);
        DeviceActivations u = activations(up);
        DeviceActivations o = activations(out);
        OperandChecks.requireShape(u, g.rows(), g.cols(), "siluMul up");
        OperandChecks.requireShape(o, g.rows(), g.cols(), "siluMul output");
        context.makeCurrent();
        context.parameters().pointer(g.pointer()).pointer(u.pointer()).pointer(o.pointer()).i64(g.size());
        context.launch(kernels.siluMul, blocks(g.size()), 1, THREADS);
    }

    @Override
    public void add(Activations x, Activations delta) {
        DeviceActivations a = activations(x);
        DeviceActivations d = activations(delta);
        OperandChecks.requireShape(d, a.rows(), a.cols(), "add delta");
        context.makeCurrent();
        context.parameters().pointer(a.pointer()).pointer(d.pointer()).i64(a.size());
        context.launch(kernels.add, blocks(a.size()), 1, THREADS);
    }

    @Override
    public void rope(Activations x, int firstCol, int colStride, int count, RopeFrequencies frequencies,
                     int startPosition) {
        DeviceActivations a = activations(x);
        int ropeDim = frequencies.ropeDim();
        if (firstCol + (long) (count - 1) * colStride + ropeDim > a.cols()) {
            throw new IndexOutOfBoundsException("rope slices end past column " + a.cols());
        }
        context.makeCurrent();
        DeviceBuffer table = ropeTables.computeIfAbsent(frequencies.inverseFrequencies(), this::uploadTable);
        context.parameters().pointer(a.pointer()).i32(a.cols()).i32(a.rows()).i32(firstCol).i32(colStride).i32(count)
                .i32(ropeDim).pointer(table.pointer()).i32(startPosition);
        context.launch(kernels.rope, blocks((long) a.rows() * count * (ropeDim / 2)), 1, THREADS);
    }

    @Override
    public void appendLatent(LatentCache cache, Activations latent, Activations ropeKey, int startPosition) {
        DeviceLatentCache c = cache(cache);
        DeviceActivations l = activations(latent);
        DeviceActivations r = activations(ropeKey);
        OperandChecks.requireShape(l, l.rows(), c.latentRank(), "latent");
        OperandChecks.requireShape(r, l.rows(), c.ropeDim(), "rope key");
        if (startPosition < 0 || startPosition + l.rows() > c.capacity()) {
            throw new IndexOutOfBoundsException("positions " + startPosition + ".." + (startPosition + l.rows() - 1)
                    + " outside a latent cache of " + c.capacity());
        }
        context.makeCurrent();
        context.parameters().pointer(c.pointer()).i32(c.latentRank()).i32(c.ropeDim()).pointer(l.pointer())
                .i32(l.cols()).pointer(r.pointer()).i32(r.cols()).i32(l.rows()).i32(startPosition);
        context.launch(kernels.latentAppend, blocks((long) l.rows() * c.rowWidth()), 1, THREADS);
    }

    @Override
    public void readLatent(LatentCache cache, int position, float[] latent, float[] ropeKey) {
        DeviceLatentCache c = cache(cache);
        if (position < 0 || position >= c.capacity()) {
            throw new IndexOutOfBoundsException("position " + position + " outside a latent cache of " + c.capacity());
        }
        context.makeCurrent();
        float[] row = download(c.buffer(), 4L * position * c.rowWidth(), c.rowWidth());
        System.arraycopy(row, 0, latent, 0, c.latentRank());
        System.arraycopy(row, c.latentRank(), ropeKey, 0, c.ropeDim());
    }

    @Override
    public void mlaAttention(Activations query, Weight kvUp, LatentCache cache, int startPosition, AttentionShape shape,
                             Activations out) {
        new MlaDecode(context, kernels, scratch).run(activations(query), weight(kvUp), cache(cache), startPosition,
                shape, activations(out));
    }

    @Override
    public void routedExperts(Activations x, List<ExpertWeights> experts, Routing routing, Activations out) {
        if (routing.tokens() == 0) {
            return;
        }
        DeviceBuffer table = expertTables.computeIfAbsent(experts, this::uploadExpertTable);
        new GroupedExperts(context, kernels, scratch).run(activations(x), experts, table, routing, activations(out));
    }

    @Override
    public float[] toHost(Activations a) {
        DeviceActivations d = activations(a);
        context.makeCurrent();
        return download(d.buffer(), 0, Math.toIntExact(d.size()));
    }

    @Override
    public void fromHost(float[] values, Activations a) {
        DeviceActivations d = activations(a);
        OperandChecks.requireHostValues(values, d);
        context.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocateFrom(ValueLayout.JAVA_FLOAT, values);
            context.copyToDevice(host, d.buffer(), 0, host.byteSize());
            context.synchronize();
        }
    }

    /**
     * The index of the largest logit of every row (lowest index on ties), computed on the GPU so that
     * greedy decoding brings back one int per row instead of the vocabulary's logits.
     */
    public int[] argmaxRows(Activations logits) {
        DeviceActivations l = activations(logits);
        context.makeCurrent();
        DeviceBuffer result = scratch.device(Scratch.TOKENS, 4L * l.rows());
        context.parameters().pointer(l.pointer()).i32(l.cols()).i32(l.cols()).pointer(result.pointer());
        context.launch(kernels.argmaxRows, l.rows(), 1, THREADS);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(ValueLayout.JAVA_INT, l.rows());
            context.copyToHost(result, 0, host, host.byteSize());
            return host.toArray(ValueLayout.JAVA_INT);
        }
    }

    /**
     * Routes every row of router logits on the GPU (see {@link DeviceRouting}); the SPI routes on the
     * host, so today this serves tests and a future device-side routing operation.
     */
    public Routing route(Activations logits, ModelConfig config, float[] scoreCorrectionBias) {
        return new DeviceRouting(context, kernels, scratch).route(activations(logits), config, scoreCorrectionBias);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        context.makeCurrent();
        context.synchronize();
        for (AutoCloseable resource : List.copyOf(live)) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot free " + resource, e);
            }
        }
        weights.forEach(DeviceWeight::close);
        weights.clear();
        ropeTables.values().forEach(DeviceBuffer::close);
        expertTables.values().forEach(DeviceBuffer::close);
        scratch.close();
        context.close();
        closed = true;
    }

    private float[] download(DeviceBuffer buffer, long offset, int count) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(ValueLayout.JAVA_FLOAT, count);
            context.copyToHost(buffer, offset, host, host.byteSize());
            return host.toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    private DeviceBuffer uploadTable(float[] values) {
        DeviceBuffer buffer = context.allocate(4L * values.length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocateFrom(ValueLayout.JAVA_FLOAT, values);
            context.copyToDevice(host, buffer, 0, host.byteSize());
            context.synchronize();
        }
        return buffer;
    }

    /** Three {@link WeightView}s (gate, up, down) per expert id, in device memory for the grouped kernels. */
    private DeviceBuffer uploadExpertTable(List<ExpertWeights> experts) {
        long viewBytes = WeightView.LAYOUT.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(viewBytes * 3 * experts.size(), 16);
            for (int e = 0; e < experts.size(); e++) {
                ExpertWeights expert = experts.get(e);
                weight(expert.gate()).view().writeTo(host.asSlice(viewBytes * 3 * e, viewBytes));
                weight(expert.up()).view().writeTo(host.asSlice(viewBytes * (3 * e + 1), viewBytes));
                weight(expert.down()).view().writeTo(host.asSlice(viewBytes * (3 * e + 2), viewBytes));
            }
            DeviceBuffer buffer = context.allocate(host.byteSize());
            context.copyToDevice(host, buffer, 0, host.byteSize());
            context.synchronize();
            return buffer;
        }
    }

    static dev.latte.cuda.driver.KernelParameters view(dev.latte.cuda.driver.KernelParameters parameters,
                                                       DeviceWeight weight) {
        weight.view().writeTo(parameters.structSlot());
        return parameters;
    }

    static int blocks(long elements) {
        return Math.toIntExact((elements + THREADS - 1) / THREADS);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the CUDA backend is closed");
        }
    }

    private static DeviceWeight weight(Weight w) {
        if (w instanceof DeviceWeight device) {
            return device;
        }
        throw new IllegalArgumentException(w.name() + " was not uploaded by a CUDA backend");
    }

    private static DeviceActivations activations(Activations a) {
        if (a instanceof DeviceActivations device) {
            return device;
        }
        throw new IllegalArgumentException("activations not made by a CUDA backend");
    }

    private static DeviceLatentCache cache(LatentCache c) {
        if (c instanceof DeviceLatentCache device) {
            return device;
        }
        throw new IllegalArgumentException("latent cache not made by a CUDA backend");
    }
}
