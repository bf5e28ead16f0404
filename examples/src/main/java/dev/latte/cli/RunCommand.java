package dev.latte.cli;

import dev.latte.ChatResponse;
import dev.latte.Generation;
import dev.latte.GenerationOptions;
import dev.latte.Message;
import dev.latte.Model;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code latte run}: answers one prompt, streaming it (reasoning apart from the answer), then
 * prints the speed. Uses the checkpoint's chat template where it has one.
 */
public final class RunCommand implements Command {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String usage() {
        return "[--model DIR] --prompt TEXT " + GenerationArguments.USAGE + " [--backend NAME]";
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws Exception {
        String modelFolder = args.optional("model");
        String prompt = args.required("prompt");
        String backend = args.optional("backend");
        GenerationOptions options = GenerationArguments.read(args);
        args.requireAllRead();

        try (Model model = ModelChoice.open(modelFolder, backend, err)) {
            AnswerPrinter printer = new AnswerPrinter(out, out == System.out && AnswerPrinter.terminalSupportsAnsi());
            Generation generation;
            if (model.hasChatTemplate()) {
                ChatResponse response = model.chat(List.of(Message.user(prompt)), options, printer);
                generation = response.generation();
            } else {
                generation = model.generate(prompt, options, printer::onContent);
            }
            printer.finish();
            err.println(AnswerPrinter.figures(generation));
        }
        return 0;
    }
}
