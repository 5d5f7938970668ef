package dev.kiln.processor.validation;

import dev.kiln.spec.ConcatOp;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import java.util.Optional;

/** {@code @Concat}: images of one height and width, or vectors only; the total must fit an int. */
final class ConcatRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        if (c.shapes() == null) {
            return Optional.empty();
        }
        Shape first = c.shapes().get(0);
        long total = 0;
        for (int k = 0; k < c.shapes().size(); k++) {
            Shape s = c.shapes().get(k);
            if (s.isVector() != first.isVector() || s.height() != first.height() || s.width() != first.width()) {
                c.error(Message.CONCAT_SHAPES, c.anchor("from"), c.name(), c.inputs().get(0), first, c.inputs().get(k), s);
                return Optional.empty();
            }
            total += s.size();
        }
        if (total > Limits.MAX_ELEMENTS) {
            c.error(Message.ACTIVATION_TOO_LARGE, c.anchor(), c.name(), "(" + total + ")", Limits.count(total));
            return Optional.empty();
        }
        return Optional.of(new ConcatOp(c.name(), c.inputs(), c.shapes()));
    }
}
