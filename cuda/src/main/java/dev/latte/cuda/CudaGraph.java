package dev.latte.cuda;

import java.lang.foreign.MemorySegment;

/**
 * A recorded sequence of kernel launches ({@code CUgraphExec}) that replays with one call, saving
 * the per-launch overhead of a decode step's many small kernels. Made by {@link CudaContext#capture}.
 */
public final class CudaGraph implements AutoCloseable {
    private final CudaContext context;
    private final MemorySegment graph;
    private final MemorySegment executable;
    private boolean closed;

    CudaGraph(CudaContext context, MemorySegment graph, MemorySegment executable) {
        this.context = context;
        this.graph = graph;
        this.executable = executable;
    }

    /** Queues the whole recorded sequence on the context's stream. */
    public void launch() {
        context.makeCurrent();
        context.driver().launchGraph(executable, context.stream());
    }

    @Override
    public void close() {
        if (!closed) {
            context.makeCurrent();
            context.driver().destroyGraphExec(executable);
            context.driver().destroyGraph(graph);
            closed = true;
        }
    }
}
