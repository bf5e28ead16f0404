package dev.latte.cli;

/** The command line is wrong: a missing, unknown or malformed argument. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
