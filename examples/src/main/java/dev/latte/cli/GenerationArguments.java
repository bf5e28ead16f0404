package dev.latte.cli;

import dev.latte.GenerationOptions;

/** The sampling options {@code run} and {@code chat} share: {@code --max-tokens --temperature --seed}. */
final class GenerationArguments {
    static final String USAGE = "[--max-tokens N] [--temperature T] [--seed S]";

    private GenerationArguments() {}

    static GenerationOptions read(Arguments args) {
        GenerationOptions.Builder options = GenerationOptions.builder();
        try {
            options.maxTokens(args.intValue("max-tokens", GenerationOptions.defaults().maxTokens()));
            options.temperature(args.doubleValue("temperature", GenerationOptions.defaults().temperature()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String seed = args.optional("seed");
        if (seed != null) {
            try {
                options.seed(Long.parseLong(seed));
            } catch (NumberFormatException e) {
                throw new UsageException("option --seed needs a whole number, got '" + seed + "'");
            }
        }
        return options.build();
    }
}
