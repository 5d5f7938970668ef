package dev.kiln.processor.validation;

import javax.tools.Diagnostic.Kind;

/**
 * One finding: an error (the network is not generated) or a warning.
 *
 * @param kind   {@link Kind#ERROR} or {@link Kind#WARNING}
 * @param text   the complete message, starting with its {@code [kiln:tag]}
 * @param anchor where javac shows it
 */
public record Diagnostic(Kind kind, String text, Anchor anchor) {

    public boolean isError() {
        return kind == Kind.ERROR;
    }
}
