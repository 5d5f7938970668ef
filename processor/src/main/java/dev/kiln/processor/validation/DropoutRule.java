package dev.kiln.processor.validation;

import dev.kiln.spec.DropoutOp;
import dev.kiln.spec.Op;
import java.util.Optional;

/** {@code @Dropout}: a rate in [0, 1); NaN is outside. */
final class DropoutRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        double rate = c.attribute("rate").doubleValue();
        if (!(rate >= 0 && rate < 1)) {
            c.error(Message.DROPOUT_RATE_OUT_OF_RANGE, c.anchor("rate"), c.name(), rate);
            return Optional.empty();
        }
        return c.input() == null ? Optional.empty() : Optional.of(new DropoutOp(c.name(), c.from(), c.input(), rate));
    }
}
