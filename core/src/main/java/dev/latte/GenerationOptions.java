package dev.latte;

import dev.latte.generate.SamplingSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to generate: length, sampling, stop conditions and cancellation. Immutable; build with
 * {@link #builder()}. Every setter checks its value and throws {@link IllegalArgumentException}
 * naming the option.
 *
 * <p>Sampling follows Hugging Face transformers: repetition penalty (over prompt and output), then
 * the frequency and presence penalties (over the output, as in OpenAI's API), then temperature,
 * top-k, top-p and min-p. Temperature 0 picks the most likely token (greedy decoding).
 */
public final class GenerationOptions {
    /** DeepSeek's recommended sampling for its chat models. */
    static final double DEFAULT_TEMPERATURE = 0.6;
    static final double DEFAULT_TOP_P = 0.95;
    static final int DEFAULT_MAX_TOKENS = 512;

    private final int maxTokens;
    private final SamplingSettings sampling;
    private final boolean seeded;
    private final List<String> stopStrings;
    private final int[] stopTokenIds;
    private final CancellationToken cancellation;
    private final Map<String, Object> templateVariables;

    private GenerationOptions(Builder b) {
        this.maxTokens = b.maxTokens;
        this.sampling = new SamplingSettings(b.temperature, b.topK, b.topP, b.minP, b.repetitionPenalty,
                b.frequencyPenalty, b.presencePenalty, b.seed == null ? 0 : b.seed);
        this.seeded = b.seed != null;
        this.stopStrings = List.copyOf(b.stopStrings);
        this.stopTokenIds = b.stopTokenIds.clone();
        this.cancellation = b.cancellation;
        this.templateVariables = Map.copyOf(b.templateVariables);
    }

    /** The defaults: up to 512 tokens, temperature 0.6, top-p 0.95, no penalties, a random seed. */
    public static GenerationOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxTokens = maxTokens;
        b.temperature = sampling.temperature();
        b.topK = sampling.topK();
        b.topP = sampling.topP();
        b.minP = sampling.minP();
        b.repetitionPenalty = sampling.repetitionPenalty();
        b.frequencyPenalty = sampling.frequencyPenalty();
        b.presencePenalty = sampling.presencePenalty();
        b.seed = seeded ? sampling.seed() : null;
        b.stopStrings.addAll(stopStrings);
        b.stopTokenIds = stopTokenIds.clone();
        b.cancellation = cancellation;
        b.templateVariables.putAll(templateVariables);
        return b;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public double temperature() {
        return sampling.temperature();
    }

    public int topK() {
        return sampling.topK();
    }

    public double topP() {
        return sampling.topP();
    }

    public double minP() {
        return sampling.minP();
    }

    public double repetitionPenalty() {
        return sampling.repetitionPenalty();
    }

    public double frequencyPenalty() {
        return sampling.frequencyPenalty();
    }

    public double presencePenalty() {
        return sampling.presencePenalty();
    }

    /** Whether a seed was set; without one each call draws its own. */
    public boolean hasSeed() {
        return seeded;
    }

    public long seed() {
        if (!seeded) {
            throw new IllegalStateException("no seed was set");
        }
        return sampling.seed();
    }

    public List<String> stopStrings() {
        return stopStrings;
    }

    public int[] stopTokenIds() {
        return stopTokenIds.clone();
    }

    /** The token that cancels generations run with these options, or {@code null}. */
    public CancellationToken cancellation() {
        return cancellation;
    }

    /** Extra variables for the chat template, e.g. {@code enable_thinking}. */
    public Map<String, Object> templateVariables() {
        return templateVariables;
    }

    /** The sampling settings, with {@code seed} standing for the seed of this call. */
    SamplingSettings sampling(long seed) {
        return sampling.withSeed(seed);
    }

    @Override
    public String toString() {
        return "GenerationOptions[maxTokens=" + maxTokens + ", " + sampling + ", seeded=" + seeded
                + ", stopStrings=" + stopStrings + ", stopTokenIds=" + Arrays.toString(stopTokenIds) + "]";
    }

    /** Collects options; {@link #build()} gives the immutable {@link GenerationOptions}. */
    public static final class Builder {
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private double temperature = DEFAULT_TEMPERATURE;
        private int topK = 0;
        private double topP = DEFAULT_TOP_P;
        private double minP = 0;
        private double repetitionPenalty = 1;
        private double frequencyPenalty = 0;
        private double presencePenalty = 0;
        private Long seed;
        private final List<String> stopStrings = new ArrayList<>();
        private int[] stopTokenIds = new int[0];
        private CancellationToken cancellation;
        private final Map<String, Object> templateVariables = new LinkedHashMap<>();

        private Builder() {}

        /** The most tokens to generate, at least 1. */
        public Builder maxTokens(int maxTokens) {
            require(maxTokens >= 1, "maxTokens", "must be at least 1", maxTokens);
            this.maxTokens = maxTokens;
            return this;
        }

        /** Divides the logits before sampling; 0 means greedy decoding. */
        public Builder temperature(double temperature) {
            require(Double.isFinite(temperature) && temperature >= 0, "temperature",
                    "must be a finite number >= 0", temperature);
            this.temperature = temperature;
            return this;
        }

        /** Keeps the {@code topK} most likely tokens; 0 keeps all. */
        public Builder topK(int topK) {
            require(topK >= 0, "topK", "must be >= 0 (0 disables it)", topK);
            this.topK = topK;
            return this;
        }

        /** Keeps the most likely tokens whose probabilities add up to {@code topP}; 1 keeps all. */
        public Builder topP(double topP) {
            require(topP > 0 && topP <= 1, "topP", "must be in (0, 1]", topP);
            this.topP = topP;
            return this;
        }

        /** Drops tokens less likely than {@code minP} times the most likely one; 0 keeps all. */
        public Builder minP(double minP) {
            require(minP >= 0 && minP <= 1, "minP", "must be in [0, 1]", minP);
            this.minP = minP;
            return this;
        }

        /** Divides positive (multiplies negative) logits of tokens already seen; 1 disables it. */
        public Builder repetitionPenalty(double repetitionPenalty) {
            require(Double.isFinite(repetitionPenalty) && repetitionPenalty > 0, "repetitionPenalty",
                    "must be a finite number > 0 (1 disables it)", repetitionPenalty);
            this.repetitionPenalty = repetitionPenalty;
            return this;
        }

        /** Subtracts this times the count of each token generated so far from its logit. */
        public Builder frequencyPenalty(double frequencyPenalty) {
            require(frequencyPenalty >= -2 && frequencyPenalty <= 2, "frequencyPenalty", "must be in [-2, 2]",
                    frequencyPenalty);
            this.frequencyPenalty = frequencyPenalty;
            return this;
        }

        /** Subtracts this from the logit of each token generated at least once. */
        public Builder presencePenalty(double presencePenalty) {
            require(presencePenalty >= -2 && presencePenalty <= 2, "presencePenalty", "must be in [-2, 2]",
                    presencePenalty);
            this.presencePenalty = presencePenalty;
            return this;
        }

        /** Seeds the sampler: the same seed, prompt and options give the same output. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Ends the generation where one of these strings appears; it is left out of the text. */
        public Builder stopStrings(String... stopStrings) {
            return stopStrings(List.of(stopStrings));
        }

        public Builder stopStrings(List<String> stopStrings) {
            this.stopStrings.clear();
            for (String stop : stopStrings) {
                require(stop != null && !stop.isEmpty(), "stopStrings", "must not hold an empty string", stop);
                require(isWellFormed(stop), "stopStrings", "must hold well-formed UTF-16 text", stop);
                this.stopStrings.add(stop);
            }
            return this;
        }

        /** Ends the generation when the model produces one of these tokens (besides end-of-sequence). */
        public Builder stopTokenIds(int... stopTokenIds) {
            for (int id : stopTokenIds) {
                require(id >= 0, "stopTokenIds", "must hold token ids >= 0", id);
            }
            this.stopTokenIds = stopTokenIds.clone();
            return this;
        }

        /** Lets another thread stop the generation between tokens. */
        public Builder cancellation(CancellationToken cancellation) {
            this.cancellation = cancellation;
            return this;
        }

        /** Sets a variable the chat template reads, e.g. {@code enable_thinking = false}. */
        public Builder templateVariable(String name, Object value) {
            require(name != null && !name.isEmpty(), "templateVariable", "needs a name", name);
            templateVariables.put(name, value);
            return this;
        }

        public GenerationOptions build() {
            return new GenerationOptions(this);
        }

        private static boolean isWellFormed(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }

        private static void require(boolean valid, String option, String rule, Object value) {
            if (!valid) {
                throw new IllegalArgumentException(option + " " + rule + ", got " + value);
            }
        }
    }
}
