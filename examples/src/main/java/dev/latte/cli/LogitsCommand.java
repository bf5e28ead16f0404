package dev.latte.cli;

import dev.latte.backend.Backends;
import dev.latte.nn.Session;
import dev.latte.nn.Transformer;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code latte logits}: runs token ids through a checkpoint and prints, as JSON, the logits after
 * every prompt position (from one prefill) and optionally a greedy continuation decoded one token
 * at a time through the KV cache; the format of the test fixtures' {@code expected.json} cases.
 */
public final class LogitsCommand implements Command {

    @Override
    public String name() {
        return "logits";
    }

    @Override
    public String usage() {
        return "--model DIR --ids 0,17,301 [--greedy N] [--backend NAME]";
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        Path model = Path.of(args.required("model"));
        int[] ids = parseIds(args.required("ids"));
        int greedyCount = args.intValue("greedy", 0);
        String backendName = args.optional("backend");
        args.requireAllRead();
        if (greedyCount < 0) {
            throw new UsageException("option --greedy needs a count of 0 or more, got " + greedyCount);
        }
        try (Transformer transformer = Transformer.open(model, Backends.create(backendName));
             Session session = transformer.newSession(ids.length + Math.max(greedyCount, 1))) {
            float[][] logits = transformer.prefillAll(session, ids);
            int[] greedy = new int[greedyCount];
            float[] last = logits[logits.length - 1];
            for (int i = 0; i < greedyCount; i++) {
                greedy[i] = argmax(last);
                if (i + 1 < greedyCount) {
                    last = transformer.decode(session, greedy[i]);
                }
            }
            out.println(toJson(logits, greedy));
        }
        return 0;
    }

    private static int[] parseIds(String text) {
        String[] parts = text.split(",", -1);
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new UsageException("option --ids needs comma-separated token ids, got '" + parts[i] + "'");
            }
        }
        return ids;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Floats as Java prints them (the shortest text that reads back to the same float), which is valid JSON. */
    private static String toJson(float[][] logits, int[] greedy) {
        StringBuilder json = new StringBuilder("{\"logits\":[");
        for (int r = 0; r < logits.length; r++) {
            json.append(r > 0 ? ",[" : "[");
            for (int c = 0; c < logits[r].length; c++) {
                if (!Float.isFinite(logits[r][c])) {
                    throw new IllegalStateException("logit " + c + " of position " + r + " is " + logits[r][c]);
                }
                json.append(c > 0 ? "," : "").append(logits[r][c]);
            }
            json.append(']');
        }
        json.append("],\"greedy\":[");
        for (int i = 0; i < greedy.length; i++) {
            json.append(i > 0 ? "," : "").append(greedy[i]);
        }
        return json.append("]}").toString();
    }
}
