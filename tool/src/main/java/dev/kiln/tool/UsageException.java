package dev.kiln.tool;

/** A command line the tool cannot run: an unknown verb or option, a missing or malformed value. Exit status 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
