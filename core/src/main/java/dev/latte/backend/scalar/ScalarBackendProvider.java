package dev.latte.backend.scalar;

import dev.latte.backend.Backend;
import dev.latte.backend.BackendProvider;

/** Provides the {@link ScalarBackend}, which runs everywhere. */
public final class ScalarBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return ScalarBackend.NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public Backend create() {
        return new ScalarBackend();
    }
}
