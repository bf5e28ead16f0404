package dev.latte.nn;

import dev.latte.backend.Activations;
import dev.latte.backend.AttentionShape;
import dev.latte.backend.Backend;
import dev.latte.backend.ExpertWeights;
import dev.latte.backend.LatentCache;
import dev.latte.backend.RopeFrequencies;
import dev.latte.backend.Routing;
import dev.latte.backend.Weight;
import dev.latte.backend.scalar.ScalarBackend;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;
import java.util.List;

/** The scalar backend, counting how often it was closed: to test who closes a backend when. */
final class RecordingBackend implements Backend {
    private final ScalarBackend delegate = new ScalarBackend();
    int closed;

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public boolean supports(WeightEncoding encoding) {
        return delegate.supports(encoding);
    }

    @Override
    public Weight upload(WeightTensor stored) {
        return delegate.upload(stored);
    }

    @Override
    public Activations allocate(int rows, int cols) {
        return delegate.allocate(rows, cols);
    }

    @Override
    public LatentCache allocateLatentCache(int capacity, int latentRank, int ropeDim) {
        return delegate.allocateLatentCache(capacity, latentRank, ropeDim);
    }

    @Override
    public void embed(int[] tokens, Weight table, Activations out) {
        delegate.embed(tokens, table, out);
    }

    @Override
    public void copy(Activations src, int srcRow, int srcCol, Activations dst, int dstRow, int dstCol, int rows, int cols) {
        delegate.copy(src, srcRow, srcCol, dst, dstRow, dstCol, rows, cols);
    }

    @Override
    public void rmsNorm(Activations x, Weight weight, float eps, Activations out) {
        delegate.rmsNorm(x, weight, eps, out);
    }

    @Override
    public void matmul(Activations x, Weight w, Activations out) {
        delegate.matmul(x, w, out);
    }

    @Override
    public void siluMul(Activations gate, Activations up, Activations out) {
        delegate.siluMul(gate, up, out);
    }

    @Override
    public void add(Activations x, Activations delta) {
        delegate.add(x, delta);
    }

    @Override
    public void rope(Activations x, int firstCol, int colStride, int count, RopeFrequencies frequencies, int startPosition) {
        delegate.rope(x, firstCol, colStride, count, frequencies, startPosition);
    }

    @Override
    public void appendLatent(LatentCache cache, Activations latent, Activations ropeKey, int startPosition) {
        delegate.appendLatent(cache, latent, ropeKey, startPosition);
    }

    @Override
    public void readLatent(LatentCache cache, int position, float[] latent, float[] ropeKey) {
        delegate.readLatent(cache, position, latent, ropeKey);
    }

    @Override
    public void mlaAttention(Activations query, Weight kvUp, LatentCache cache, int startPosition, AttentionShape shape,
                             Activations out) {
        delegate.mlaAttention(query, kvUp, cache, startPosition, shape, out);
    }

    @Override
    public void routedExperts(Activations x, List<ExpertWeights> experts, Routing routing, Activations out) {
        delegate.routedExperts(x, experts, routing, out);
    }

    @Override
    public float[] toHost(Activations a) {
        return delegate.toHost(a);
    }

    @Override
    public void fromHost(float[] values, Activations a) {
        delegate.fromHost(values, a);
    }

    @Override
    public void close() {
        closed++;
        delegate.close();
    }
}
