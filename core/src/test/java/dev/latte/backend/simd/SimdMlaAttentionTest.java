package dev.latte.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.backend.Activations;
import dev.latte.backend.AttentionShape;
import dev.latte.backend.Backend;
import dev.latte.backend.LatentCache;
import dev.latte.backend.Weight;
import dev.latte.backend.scalar.ScalarBackend;
import dev.latte.model.WeightTensor;
import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cpu-simd MLA against the scalar reference backend (itself checked against DeepSeek's
 * reference outputs): single tokens, which run per (token, head) pair, and prefill chunks, which run
 * per head in blocks of 64 tokens, after earlier positions already in the cache, with every
 * {@code kv_b_proj} encoding and latent ranks with and without partial vector blocks.
 *
 * <p>Tolerance: both backends sum float32 products of the same decoded weights in different orders;
 * outputs are of order one and agree to a few float32 roundings of the sums, well within 1e-4.
 */
class SimdMlaAttentionTest extends AgainstScalarBackend {
    private static final int HEADS = 3;
    private static final int NOPE = 16;
    private static final int ROPE = 8;
    private static final int VALUE = 24;

    private final RandomWeights weights = new RandomWeights(Arena.ofAuto());

    @ParameterizedTest(name = "{0} kv_b_proj, latent rank {3}, {1} tokens after {2}")
    @CsvSource({
        "BF16, 1, 0, 128",
        "BF16, 1, 40, 128",
        "BF16, 9, 0, 128",
        "BF16, 70, 5, 128",
        "BF16, 8, 0, 72",
        "FP8, 12, 3, 128",
        "FP8, 130, 0, 96",
        "INT4, 70, 0, 136",
        "INT4, 3, 17, 128",
    })
    void matchesTheScalarBackend(String encoding, int tokens, int startPosition, int rank) {
        Random random = new Random(tokens * 31L + startPosition * 7L + rank);
        AttentionShape shape = new AttentionShape(HEADS, NOPE, ROPE, VALUE, rank, (float) (1 / Math.sqrt(NOPE + ROPE)));
        WeightTensor kvUp = weights.weight(encoding, "self_attn.kv_b_proj", HEADS * (NOPE + VALUE), rank, random);
        int positions = startPosition + tokens;
        float[] latents = gaussian(positions * rank, random);
        float[] ropeKeys = gaussian(positions * ROPE, random);
        float[] query = gaussian(tokens * shape.queryCols(), random);

        float[] expected = attend(scalar, kvUp, shape, latents, ropeKeys, query, startPosition, tokens);
        float[] actual = attend(simd, kvUp, shape, latents, ropeKeys, query, startPosition, tokens);

        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i]))
                    .as("output %d of %d", i, expected.length)
                    .isLessThanOrEqualTo(1e-4f * (1 + Math.abs(expected[i])));
        }
    }

    private static float[] attend(Backend backend, WeightTensor stored, AttentionShape shape, float[] latents, float[] ropeKeys,
                                  float[] query, int startPosition, int tokens) {
        int positions = startPosition + tokens;
        Weight kvUp = backend.upload(stored);
        LatentCache cache = backend.allocateLatentCache(positions, shape.latentRank(), shape.ropeDim());
        try (Activations latent = backend.allocate(positions, shape.latentRank());
             Activations ropeKey = backend.allocate(positions, shape.ropeDim());
             Activations q = backend.allocate(tokens, shape.queryCols());
             Activations out = backend.allocate(tokens, shape.outputCols())) {
            backend.fromHost(latents, latent);
            backend.fromHost(ropeKeys, ropeKey);
            backend.appendLatent(cache, latent, ropeKey, 0);
            backend.fromHost(query, q);
            backend.mlaAttention(q, kvUp, cache, startPosition, shape, out);
            return backend.toHost(out);
        }
    }

    private static float[] gaussian(int n, Random random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
