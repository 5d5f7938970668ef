package dev.kiln.tool;

import java.io.PrintStream;

/** Where a verb prints: results on {@code out}, problems on {@code err}. */
final class Session {
    final PrintStream out;
    final PrintStream err;

    Session(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }
}
