package dev.kiln.processor.validation;

import dev.kiln.spec.MultiplyOp;
import dev.kiln.spec.Op;
import java.util.Optional;

/**
 * {@code @Multiply}: exactly two inputs (the validator checks there are at least two), of one shape or one of
 * them per channel ({@code (C, 1, 1)} or {@code (C)}) of the other's {@code (C, H, W)}.
 */
final class MultiplyRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        if (c.inputs().size() > 2) {
            c.error(Message.MULTIPLY_TWO_INPUTS, c.anchor("from"), c.name(), c.inputs().size(), String.join(", ", c.inputs()),
                    c.inputs().get(0), c.inputs().get(1));
            return Optional.empty();
        }
        if (c.shapes() == null) {
            return Optional.empty();
        }
        if (MultiplyOp.productShape(c.shapes().get(0), c.shapes().get(1)) == null) {
            c.error(Message.MULTIPLY_SHAPES, c.anchor("from"), c.name(), c.inputs().get(0), c.shapes().get(0),
                    c.inputs().get(1), c.shapes().get(1));
            return Optional.empty();
        }
        return Optional.of(new MultiplyOp(c.name(), c.inputs(), c.shapes()));
    }
}
