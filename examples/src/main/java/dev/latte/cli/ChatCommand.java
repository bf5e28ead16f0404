package dev.latte.cli;

import dev.latte.ChatResponse;
import dev.latte.GenerationOptions;
import dev.latte.Message;
import dev.latte.Model;
import dev.latte.Session;
import dev.latte.nn.ContextLengthExceededException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code latte chat}: a conversation on the terminal. Each line is a user message; the answer
 * streams back with its reasoning apart; the conversation is kept (in one session, so each turn
 * only runs its new tokens) until end of input or {@code /exit}.
 */
public final class ChatCommand implements Command {
    private final Supplier<InputStream> input;

    public ChatCommand() {
        this(() -> System.in);
    }

    ChatCommand(Supplier<InputStream> input) {
        this.input = input;
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String usage() {
        return "[--model DIR] " + GenerationArguments.USAGE + " [--backend NAME]   (end with /exit or end of input)";
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws Exception {
        String modelFolder = args.optional("model");
        String backend = args.optional("backend");
        GenerationOptions options = GenerationArguments.read(args);
        args.requireAllRead();

        BufferedReader lines = new BufferedReader(new InputStreamReader(input.get(), StandardCharsets.UTF_8));
        try (Model model = ModelChoice.open(modelFolder, backend, err)) {
            if (!model.hasChatTemplate()) {
                throw new UsageException("this checkpoint has no chat template (tokenizer_config.json): use latte run");
            }
            boolean ansi = out == System.out && AnswerPrinter.terminalSupportsAnsi();
            List<Message> conversation = new ArrayList<>();
            Session session = model.newSession();
            try {
                while (true) {
                    out.print("> ");
                    out.flush();
                    String line = lines.readLine();
                    if (line == null || line.strip().equals("/exit")) {
                        out.println();
                        return 0;
                    }
                    if (line.isBlank()) {
                        continue;
                    }
                    conversation.add(Message.user(line));
                    AnswerPrinter printer = new AnswerPrinter(out, ansi);
                    try {
                        ChatResponse response = session.chat(conversation, options, printer);
                        printer.finish();
                        conversation.add(response.message());
                        err.println(AnswerPrinter.figures(response.generation()));
                    } catch (ContextLengthExceededException e) {
                        err.println("latte chat: " + e.getMessage() + "; starting a new conversation");
                        conversation.clear();
                        session.close();
                        session = model.newSession();
                    }
                }
            } finally {
                session.close();
            }
        }
    }
}
