package dev.kiln.processor.validation;

import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic.Kind;

/** Collects the diagnostics of one network while the rules run. */
final class Diagnostics {
    private final List<Diagnostic> found = new ArrayList<>();

    void error(Message message, Anchor anchor, Object... args) {
        found.add(new Diagnostic(Kind.ERROR, message.format(args), anchor));
    }

    void warning(Message message, Anchor anchor, Object... args) {
        found.add(new Diagnostic(Kind.WARNING, message.format(args), anchor));
    }

    boolean hasErrors() {
        return found.stream().anyMatch(Diagnostic::isError);
    }

    int errorCount() {
        return (int) found.stream().filter(Diagnostic::isError).count();
    }

    List<Diagnostic> all() {
        return found;
    }
}
