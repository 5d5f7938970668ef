package dev.kiln.processor.validation;

import dev.kiln.spec.FlattenOp;
import dev.kiln.spec.Op;
import java.util.Optional;

/** {@code @Flatten}: always valid; a vector input stays as it is. */
final class FlattenRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        return c.input() == null ? Optional.empty() : Optional.of(new FlattenOp(c.name(), c.from(), c.input()));
    }
}
