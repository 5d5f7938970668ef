package dev.kiln.processor.validation;

import dev.kiln.spec.NetworkSpec;
import java.util.List;
import java.util.Optional;

/**
 * What validation found: every diagnostic in the order found, and the validated spec when no
 * diagnostic is an error.
 */
public record ValidationReport(List<Diagnostic> diagnostics, Optional<NetworkSpec> spec) {

    public ValidationReport {
        diagnostics = List.copyOf(diagnostics);
        if (spec.isPresent() && diagnostics.stream().anyMatch(Diagnostic::isError)) {
            throw new IllegalArgumentException("a report with errors carries no spec");
        }
    }

    public boolean isClean() {
        return spec.isPresent();
    }
}
