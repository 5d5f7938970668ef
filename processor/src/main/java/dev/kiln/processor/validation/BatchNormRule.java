package dev.kiln.processor.validation;

import dev.kiln.dsl.Activation;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.Op;
import java.util.Optional;

/** {@code @BatchNorm}: {@code eps > 0} and {@code 0 < momentum <= 1} (NaN is outside both); any input shape. */
final class BatchNormRule implements LayerRule {

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        double eps = c.attribute("eps").doubleValue();
        double momentum = c.attribute("momentum").doubleValue();
        boolean ok = true;
        if (!(eps > 0) || Double.isInfinite(eps)) {
            c.error(Message.BATCH_NORM_EPS, c.anchor("eps"), c.name(), eps);
            ok = false;
        }
        if (!(momentum > 0 && momentum <= 1)) {
            c.error(Message.BATCH_NORM_MOMENTUM, c.anchor("momentum"), c.name(), momentum);
            ok = false;
        }
        if (!ok || c.input() == null) {
            return Optional.empty();
        }
        return Optional.of(new BatchNormOp(c.name(), c.from(), c.input(), eps, momentum,
                Activation.valueOf(c.attribute("activation").enumName())));
    }
}
