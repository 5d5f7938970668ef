package dev.kiln.processor.validation;

import dev.kiln.spec.LayerSpec;
import java.util.Optional;

/** {@code @Flatten}: always valid; a vector input stays as it is. */
final class FlattenRule implements LayerRule {

    @Override
    public Optional<LayerSpec> check(LayerContext c) {
        return c.input() == null ? Optional.empty() : Optional.of(LayerSpec.flatten(c.name(), c.input()));
    }
}
