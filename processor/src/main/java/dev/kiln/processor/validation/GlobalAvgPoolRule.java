package dev.kiln.processor.validation;

import dev.kiln.spec.GlobalAvgPool2dOp;
import dev.kiln.spec.Op;
import java.util.Optional;

/** {@code @GlobalAvgPool2d}: an image input, which it averages to one value per channel. */
final class GlobalAvgPoolRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        if (c.input() == null) {
            return Optional.empty();
        }
        if (c.input().isVector()) {
            c.error(Message.NEEDS_IMAGE_INPUT, c.anchor(), c.name(), "GlobalAvgPool2d", c.producerName());
            return Optional.empty();
        }
        return Optional.of(new GlobalAvgPool2dOp(c.name(), c.from(), c.input()));
    }
}
