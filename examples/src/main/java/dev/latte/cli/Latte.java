package dev.latte.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code latte} command-line tool: dispatches to one {@link Command} per subcommand. */
public final class Latte {
    private final Map<String, Command> commands = new LinkedHashMap<>();

    Latte(List<Command> commands) {
        for (Command command : commands) {
            this.commands.put(command.name(), command);
        }
    }

    static Latte withAllCommands() {
        return new Latte(List.of(
                new TokenizeCommand(),
                new TemplateCommand(),
                new LogitsCommand(),
                new RunCommand(),
                new ChatCommand(),
                new SynthCommand(),
                new BenchCommand()));
    }

    public static void main(String[] args) {
        System.exit(withAllCommands().run(args, System.out, System.err));
    }

    int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            printUsage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("latte: unknown command '" + args[0] + "'");
            printUsage(err);
            return 2;
        }
        try {
            return command.run(new Arguments(Arrays.asList(args).subList(1, args.length), command.flags()), out, err);
        } catch (UsageException e) {
            err.println("latte " + command.name() + ": " + e.getMessage());
            err.println("usage: latte " + command.name() + " " + command.usage());
            return 2;
        } catch (Exception e) {
            err.println("latte " + command.name() + ": " + describe(e));
            return 1;
        } finally {
            out.flush();
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private void printUsage(PrintStream stream) {
        stream.println("usage: latte COMMAND [OPTIONS]");
        for (Command command : commands.values()) {
            stream.println("  latte " + command.name() + " " + command.usage());
        }
    }
}
