package dev.latte.nn;

import dev.latte.backend.Activations;
import dev.latte.backend.Backend;
import dev.latte.backend.LatentCache;
import dev.latte.model.Checkpoint;
import dev.latte.model.ModelConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A DeepSeek-V2/V3-family language model ready to run on one {@link Backend} (spec §2):
 * <pre>
 * x = Embed[tokens]
 * for each layer: x += MLA(RMSNorm(x));  x += DenseMLP-or-MoE(RMSNorm(x))
 * logits = lm_head · RMSNorm(x; model.norm)
 * </pre>
 * for a chunk of tokens at the next positions of a {@link Session}, in float32 activations with
 * weights decoded on the fly from the mapped checkpoint. The block is written once here, as
 * backend operations; which backend runs it is the caller's choice.
 *
 * <p>A transformer owns its checkpoint and backend: {@link #close()} closes both. Not thread-safe;
 * run one session at a time.
 */
public final class Transformer implements AutoCloseable {
    private final Checkpoint checkpoint;
    private final Backend backend;
    private final ModelConfig config;
    private final ModelWeights weights;
    private final AttentionForm prefillForm;
    private boolean closed;

    private Transformer(Checkpoint checkpoint, Backend backend, ModelWeights weights, AttentionForm prefillForm) {
        this.checkpoint = checkpoint;
        this.backend = backend;
        this.config = checkpoint.config();
        this.weights = weights;
        this.prefillForm = prefillForm;
    }

    /**
     * Uploads every weight {@code checkpoint}'s config implies to {@code backend}, checking each
     * tensor's presence, shape and encoding. On success the transformer owns both arguments; on
     * failure the caller still does.
     */
    public static Transformer load(Checkpoint checkpoint, Backend backend) {
        return load(checkpoint, backend, AttentionForm.ABSORBED);
    }

    /** As {@link #load(Checkpoint, Backend)}, choosing the MLA form prefill uses. */
    public static Transformer load(Checkpoint checkpoint, Backend backend, AttentionForm prefillForm) {
        return new Transformer(checkpoint, backend, ModelWeights.load(checkpoint, backend), prefillForm);
    }

    /**
     * Opens the checkpoint folder {@code folder} and loads it onto {@code backend}, which the
     * transformer owns from this call on: a failure closes it and everything opened so far.
     */
    public static Transformer open(Path folder, Backend backend) {
        Checkpoint checkpoint = null;
        try {
            checkpoint = Checkpoint.open(folder);
            return load(checkpoint, backend);
        } catch (RuntimeException e) {
            if (checkpoint != null) {
                checkpoint.close();
            }
            backend.close();
            throw e;
        }
    }

    /** The model's configuration. */
    public ModelConfig config() {
        return config;
    }

    /** The backend running this model. */
    public Backend backend() {
        return backend;
    }

    /** A new, empty session holding up to {@code maxPositions} tokens (prompt and generated). */
    public Session newSession(int maxPositions) {
        checkOpen();
        if (maxPositions <= 0 || maxPositions > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("a session needs 1.." + config.maxPositionEmbeddings()
                    + " positions (max_position_embeddings), asked for " + maxPositions);
        }
        List<LatentCache> caches = new ArrayList<>();
        try {
            for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
                caches.add(backend.allocateLatentCache(maxPositions, config.kvLoraRank(), config.qkRopeHeadDim()));
            }
        } catch (RuntimeException e) {
            caches.forEach(LatentCache::close);
            throw e;
        }
        return new Session(caches, maxPositions);
    }

    /** Runs {@code tokens} at the session's next positions and returns the logits after the last one. */
    public float[] prefill(Session session, int[] tokens) {
        return forward(session, tokens, false)[0];
    }

    /** Runs {@code tokens} at the session's next positions and returns the logits after every one of them. */
    public float[][] prefillAll(Session session, int[] tokens) {
        return forward(session, tokens, true);
    }

    /** Runs one token at the session's next position (absorbed MLA over the cache) and returns its logits. */
    public float[] decode(Session session, int token) {
        return forward(session, new int[] {token}, false)[0];
    }

    /** Closes the backend and unmaps the checkpoint. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                backend.close();
            } finally {
                checkpoint.close();
            }
        }
    }

    private float[][] forward(Session session, int[] tokens, boolean allPositions) {
        checkOpen();
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to run");
        }
        for (int token : tokens) {
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + token + " is outside the vocabulary 0.." + (config.vocabSize() - 1));
            }
        }
        int start = session.length();
        if ((long) start + tokens.length > session.capacity()) {
            throw new ContextLengthExceededException(start + tokens.length, session.capacity());
        }
        AttentionForm form = tokens.length > 1 ? prefillForm : AttentionForm.ABSORBED;
        int hidden = config.hiddenSize();
        float eps = (float) config.rmsNormEps();
        try (Activations x = backend.allocate(tokens.length, hidden);
             Activations normed = backend.allocate(tokens.length, hidden);
             Activations delta = backend.allocate(tokens.length, hidden)) {
            backend.embed(tokens, weights.embedding(), x);
            for (int l = 0; l < weights.layers().size(); l++) {
                DecoderLayer layer = weights.layers().get(l);
                backend.rmsNorm(x, layer.inputNorm(), eps, normed);
                layer.attention().forward(backend, normed, session.cache(l), start, form, delta);
                backend.add(x, delta);
                backend.rmsNorm(x, layer.postAttentionNorm(), eps, normed);
                layer.feedForward().forward(backend, normed, delta);
                backend.add(x, delta);
            }
            session.advance(tokens.length);
            return logits(x, allPositions);
        }
    }

    private float[][] logits(Activations x, boolean allPositions) {
        int rows = allPositions ? x.rows() : 1;
        try (Activations last = backend.allocate(rows, x.cols());
             Activations logits = backend.allocate(rows, config.vocabSize())) {
            backend.copy(x, x.rows() - rows, 0, last, 0, 0, rows, x.cols());
            backend.rmsNorm(last, weights.finalNorm(), (float) config.rmsNormEps(), last);
            backend.matmul(last, weights.lmHead(), logits);
            float[] flat = backend.toHost(logits);
            float[][] out = new float[rows][];
            for (int r = 0; r < rows; r++) {
                out[r] = Arrays.copyOfRange(flat, r * config.vocabSize(), (r + 1) * config.vocabSize());
            }
            return out;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
    }
}
