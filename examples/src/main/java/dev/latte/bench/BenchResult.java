package dev.latte.bench;

import dev.latte.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The figures of one end-to-end benchmark run: prefill and decode speed, time to first token, the
 * weight bytes a decode step reads, the memory bandwidth that implies next to the machine's
 * measured read bandwidth, and the peak resident memory.
 *
 * @param backend              the backend's name
 * @param threads              threads the backend was asked to use
 * @param promptTokens         tokens prefilled in one call
 * @param generatedTokens      decode steps timed
 * @param prefillNanos         time of the prefill, up to the first token chosen
 * @param decodeNanos          time of all decode steps
 * @param weightBytesPerToken  stored weight bytes one decode step reads, averaged over the steps
 * @param readBandwidth        the machine's read bandwidth, bytes per second, measured in the same run
 * @param peakRssBytes         peak resident set size, when the platform tells it
 * @param prefillProfile       nanoseconds per kind of operation in the prefill (empty unless asked for)
 * @param decodeProfile        nanoseconds per kind of operation over the decode steps (empty unless asked for)
 */
public record BenchResult(String backend, int threads, int promptTokens, int generatedTokens, long prefillNanos,
                          long decodeNanos, long weightBytesPerToken, double readBandwidth, OptionalLong peakRssBytes,
                          Map<String, Long> prefillProfile, Map<String, Long> decodeProfile) {

    public double prefillTokensPerSecond() {
        return promptTokens / (prefillNanos / 1e9);
    }

    public double decodeTokensPerSecond() {
        return generatedTokens / (decodeNanos / 1e9);
    }

    public double timeToFirstTokenMillis() {
        return prefillNanos / 1e6;
    }

    /** Bytes of weights read per second of decoding. */
    public double decodeBandwidth() {
        return weightBytesPerToken * decodeTokensPerSecond();
    }

    /** {@link #decodeBandwidth()} as a fraction of the measured read bandwidth: 1 means decoding runs at memory speed. */
    public double bandwidthRatio() {
        return decodeBandwidth() / readBandwidth;
    }

    /** One JSON object with every figure, rates per second and sizes in bytes. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", backend);
        json.put("threads", threads);
        json.put("prompt_tokens", promptTokens);
        json.put("gen_tokens", generatedTokens);
        json.put("prefill_tokens_per_s", prefillTokensPerSecond());
        json.put("decode_tokens_per_s", decodeTokensPerSecond());
        json.put("ttft_ms", timeToFirstTokenMillis());
        json.put("weight_bytes_per_token", weightBytesPerToken);
        json.put("decode_bytes_per_s", decodeBandwidth());
        json.put("read_bandwidth_bytes_per_s", readBandwidth);
        json.put("bandwidth_ratio", bandwidthRatio());
        json.put("peak_rss_bytes", peakRssBytes.isPresent() ? peakRssBytes.getAsLong() : null);
        if (!prefillProfile.isEmpty()) {
            json.put("prefill_profile_ms", millis(prefillProfile));
        }
        if (!decodeProfile.isEmpty()) {
            json.put("decode_profile_ms", millis(decodeProfile));
        }
        return Json.write(json);
    }

    /** The figures as lines for a person to read. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("backend %s, %d threads%n", backend, threads));
        text.append(String.format("prefill  %5d tokens  %8.2f tokens/s  (time to first token %.0f ms)%n",
                promptTokens, prefillTokensPerSecond(), timeToFirstTokenMillis()));
        text.append(String.format("decode   %5d tokens  %8.2f tokens/s%n", generatedTokens, decodeTokensPerSecond()));
        text.append(String.format("weights read per decoded token  %.3f GB%n", weightBytesPerToken / 1e9));
        text.append(String.format("decode bandwidth  %.2f GB/s = %.2f x the measured read bandwidth of %.2f GB/s%n",
                decodeBandwidth() / 1e9, bandwidthRatio(), readBandwidth / 1e9));
        text.append(peakRssBytes.isPresent()
                ? String.format("peak RSS  %.2f GB%n", peakRssBytes.getAsLong() / 1e9)
                : String.format("peak RSS  unknown on this platform%n"));
        appendProfile(text, "prefill time by operation (" + promptTokens + " tokens):", prefillProfile);
        appendProfile(text, "decode time by operation (" + generatedTokens + " steps):", decodeProfile);
        return text.toString();
    }

    private static Map<String, Object> millis(Map<String, Long> profile) {
        Map<String, Object> millis = new LinkedHashMap<>();
        profile.forEach((operation, nanos) -> millis.put(operation, nanos / 1e6));
        return millis;
    }

    private static void appendProfile(StringBuilder text, String title, Map<String, Long> profile) {
        if (profile.isEmpty()) {
            return;
        }
        long total = profile.values().stream().mapToLong(Long::longValue).sum();
        text.append(title).append(System.lineSeparator());
        profile.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> text.append(String.format("  %-22s %9.1f ms  %5.1f %%%n", e.getKey(), e.getValue() / 1e6,
                        100.0 * e.getValue() / total)));
    }
}
