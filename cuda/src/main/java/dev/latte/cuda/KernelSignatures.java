package dev.latte.cuda;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameter lists of the {@code extern "C" __global__} kernels in CUDA source text, as one
 * letter per parameter: {@code P} pointer, {@code I} int, {@code L} long long, {@code F} float,
 * {@code S} a {@code WeightView} by value. {@link CudaContext#launch} compares every launch's
 * marshalled parameters with the kernel's signature, so a mismatch is a clear exception naming the
 * kernel rather than a GPU fault.
 */
final class KernelSignatures {
    private static final Pattern KERNEL = Pattern.compile(
            "extern\\s+\"C\"\\s+__global__\\s+void\\s+(?:__launch_bounds__\\s*\\([^)]*\\)\\s*)?(\\w+)\\s*\\(([^)]*)\\)");

    private KernelSignatures() {
    }

    /** Kernel name → signature letters, for every kernel {@code source} defines. */
    static Map<String, String> parse(String source) {
        Map<String, String> signatures = new HashMap<>();
        Matcher matcher = KERNEL.matcher(source);
        while (matcher.find()) {
            String name = matcher.group(1);
            StringBuilder letters = new StringBuilder();
            String list = matcher.group(2).trim();
            if (!list.isEmpty() && !list.equals("void")) {
                for (String parameter : list.split(",")) {
                    letters.append(letter(name, parameter.trim()));
                }
            }
            signatures.put(name, letters.toString());
        }
        return signatures;
    }

    private static char letter(String kernel, String parameter) {
        if (parameter.contains("*")) {
            return 'P';
        }
        String type = parameter.replaceAll("\\b(const|unsigned|__restrict__)\\b", "").trim();
        type = type.substring(0, type.lastIndexOf(' ')).trim().replaceAll("\\s+", " ");
        return switch (type) {
            case "int" -> 'I';
            case "long long" -> 'L';
            case "float" -> 'F';
            case "WeightView" -> 'S';
            default -> throw new IllegalArgumentException("kernel " + kernel + ": parameter '" + parameter
                    + "' has a type the launcher cannot marshal");
        };
    }
}
