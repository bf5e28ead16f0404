package dev.latte.backend.simd;

import dev.latte.backend.BackendProvider;
import java.util.ServiceLoader;

/**
 * Run by {@link SimdSupportTest} in a JVM started without {@code --add-modules jdk.incubator.vector}:
 * prints each registered backend with its availability, then what creating cpu-simd says.
 */
public final class WithoutVectorModule {
    private WithoutVectorModule() {
    }

    public static void main(String[] args) {
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            System.out.println(provider.name() + " available=" + provider.available());
        }
        try {
            new SimdBackendProvider().create();
            System.out.println("created");
        } catch (IllegalStateException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
