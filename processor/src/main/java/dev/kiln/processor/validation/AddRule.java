package dev.kiln.processor.validation;

import dev.kiln.dsl.Activation;
import dev.kiln.spec.AddOp;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import java.util.Optional;

/** {@code @Add}: two or more inputs (the validator checks the count), all of one shape. */
final class AddRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        if (c.shapes() == null) {
            return Optional.empty();
        }
        Shape first = c.shapes().get(0);
        for (int k = 1; k < c.shapes().size(); k++) {
            if (!c.shapes().get(k).equals(first)) {
                c.error(Message.ADD_SHAPES, c.anchor("from"), c.name(), c.inputs().get(0), first, c.inputs().get(k),
                        c.shapes().get(k));
                return Optional.empty();
            }
        }
        return Optional.of(new AddOp(c.name(), c.inputs(), first, Activation.valueOf(c.attribute("activation").enumName())));
    }
}
