package dev.latte.cli;

import dev.latte.json.Json;
import dev.latte.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code latte tokenize}: prints the token ids of each input text as one JSON array per line.
 * No BOS is added; with {@code --special}, special tokens written in the text are recognised.
 */
public final class TokenizeCommand implements Command {

    @Override
    public String name() {
        return "tokenize";
    }

    @Override
    public String usage() {
        return "--tokenizer DIR [--special] (--text STRING | --file F [--file F2 ...])";
    }

    @Override
    public Set<String> flags() {
        return Set.of("special");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws IOException {
        Path directory = Path.of(args.required("tokenizer"));
        boolean special = args.flag("special");
        List<String> texts = args.all("text");
        List<String> files = args.all("file");
        args.requireAllRead();
        if (texts.isEmpty() == files.isEmpty()) {
            throw new UsageException("give either --text or --file (one or more)");
        }
        List<String> inputs = new ArrayList<>(texts);
        for (String file : files) {
            inputs.add(read(Path.of(file)));
        }
        Tokenizer tokenizer = Tokenizer.load(directory);
        for (String input : inputs) {
            out.println(Json.write(special ? tokenizer.encodeWithSpecialTokens(input) : tokenizer.encode(input)));
        }
        return 0;
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not valid UTF-8", e);
        }
    }
}
