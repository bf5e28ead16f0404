package dev.latte.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds backends through {@link ServiceLoader} and creates the one asked for, or the best available. */
public final class Backends {
    private Backends() {
    }

    /** Every provider on the class path, highest priority first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> providers = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(providers::add);
        providers.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return providers;
    }

    /**
     * A new backend: the provider named {@code name}, or with {@code name == null} the available
     * provider of highest priority.
     *
     * @throws IllegalArgumentException where no provider has that name or it cannot run here
     */
    public static Backend create(String name) {
        return create(name, 0);
    }

    /**
     * As {@link #create(String)}, on {@code threads} threads for a backend with a pool of its
     * own; 0 keeps the provider's default.
     */
    public static Backend create(String name, int threads) {
        List<BackendProvider> providers = providers();
        for (BackendProvider provider : providers) {
            if (name == null ? provider.available() : provider.name().equals(name)) {
                if (!provider.available()) {
                    throw new IllegalArgumentException("backend " + name + " cannot run on this machine");
                }
                return threads > 0 ? provider.create(threads) : provider.create();
            }
        }
        throw new IllegalArgumentException(name == null ? "no backend is available"
                : "no backend named " + name + " (known: " + providers.stream().map(BackendProvider::name).toList() + ")");
    }
}
