package dev.kiln.processor.validation;

import dev.kiln.spec.Op;
import java.util.Optional;

/**
 * Checks one layer kind: its attributes always, its shape when the input shape is known. Returns
 * the layer's spec only when the layer is valid and its input known.
 */
interface LayerRule {
    Optional<? extends Op> check(RuleContext context);
}
