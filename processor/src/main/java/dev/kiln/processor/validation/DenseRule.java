package dev.kiln.processor.validation;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.spec.DenseOp;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import java.util.Optional;

/**
 * {@code @Dense}: units, then a vector input. Kiln does not flatten implicitly: a dense layer after
 * an image output (including the network input) is an error that asks for {@code @Flatten}, so that
 * the flattening order is always visible in the spec.
 */
final class DenseRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        int units = c.attribute("units").intValue();
        if (units < 1) {
            c.error(Message.UNITS_OUT_OF_RANGE, c.anchor("units"), c.name(), units);
            return Optional.empty();
        }
        Shape in = c.input();
        if (in == null) {
            return Optional.empty();
        }
        if (!in.isVector()) {
            c.error(Message.DENSE_NEEDS_FLATTEN, c.anchor(), c.name(), c.producesText(), c.name());
            return Optional.empty();
        }
        boolean bias = c.attribute("bias").booleanValue();
        long params = Limits.product(units, in.size(), 1);
        if (params != Long.MAX_VALUE && bias) {
            params += units;
        }
        if (params > Limits.MAX_ELEMENTS) {
            c.error(Message.TOO_MANY_PARAMETERS, c.anchor("units"), c.name(), "this layer", Limits.count(params),
                    "units, or reduce the input with pooling");
            return Optional.empty();
        }
        return Optional.of(new DenseOp(c.name(), c.from(), in, units, bias, Activation.valueOf(c.attribute("activation").enumName()),
                Init.valueOf(c.attribute("init").enumName())));
    }
}
