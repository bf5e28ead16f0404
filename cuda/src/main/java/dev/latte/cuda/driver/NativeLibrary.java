package dev.latte.cuda.driver;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * A shared library opened with {@link SymbolLookup#libraryLookup} (the system's {@code dlopen}
 * search), and downcall handles to its functions. The library stays loaded for the life of the
 * process: its handles are shared by every user of the library.
 */
final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final SymbolLookup lookup;

    private NativeLibrary(String name, SymbolLookup lookup) {
        this.name = name;
        this.lookup = lookup;
    }

    /**
     * Opens the first of {@code candidates} that the system can load.
     *
     * @throws CudaUnavailableException naming every candidate tried, with {@code advice} for the user
     */
    static NativeLibrary open(List<String> candidates, String advice) {
        IllegalArgumentException last = null;
        for (String candidate : candidates) {
            try {
                return new NativeLibrary(candidate, SymbolLookup.libraryLookup(candidate, Arena.global()));
            } catch (IllegalArgumentException notFound) {
                last = notFound;
            }
        }
        throw new CudaUnavailableException("cannot load " + String.join(" or ", candidates) + ": " + advice, last);
    }

    /** The name the library was loaded by. */
    String name() {
        return name;
    }

    /** A downcall handle to the first of {@code symbols} the library exports. */
    MethodHandle function(FunctionDescriptor descriptor, String... symbols) {
        for (String symbol : symbols) {
            Optional<MemorySegment> address = lookup.find(symbol);
            if (address.isPresent()) {
                return LINKER.downcallHandle(address.get(), descriptor);
            }
        }
        throw new CudaUnavailableException(name + " does not export " + String.join(" or ", symbols)
                + ": the installed driver is older than this backend needs (CUDA 12 or newer)", null);
    }
}
