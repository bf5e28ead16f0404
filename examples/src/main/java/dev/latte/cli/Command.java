package dev.latte.cli;

import java.io.PrintStream;
import java.util.Set;

/** One subcommand of the {@code latte} tool, e.g. {@code tokenize} or {@code logits}. */
public interface Command {

    /** The word that selects this command on the command line. */
    String name();

    /** One line: the arguments this command takes. */
    String usage();

    /** The options that take no value, e.g. {@code special} for {@code --special}. */
    default Set<String> flags() {
        return Set.of();
    }

    /**
     * Runs the command.
     *
     * @return the process exit status: 0 for success
     * @throws UsageException where the arguments are wrong; the tool prints the message and usage
     */
    int run(Arguments args, PrintStream out, PrintStream err) throws Exception;
}
