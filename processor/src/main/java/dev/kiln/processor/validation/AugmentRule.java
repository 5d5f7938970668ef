package dev.kiln.processor.validation;

import dev.kiln.dsl.FillMode;
import dev.kiln.dsl.FlipMode;
import dev.kiln.spec.Augment;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.LayerKind;
import dev.kiln.spec.Op;
import java.util.Optional;

/**
 * The five augmentation annotations: each range in its interval (NaN is outside) and an image
 * input. Where they may stand (only at the start of the network) is the validator's check, since
 * it needs the layers declared before.
 */
final class AugmentRule implements LayerRule {
    private final LayerKind kind;

    AugmentRule(LayerKind kind) {
        this.kind = kind;
    }

    @Override
    public Optional<? extends Op> check(RuleContext c) {
        Augment transform = switch (kind) {
            case RANDOM_FLIP -> new Augment.Flip(FlipMode.valueOf(c.attribute("mode").enumName()));
            case RANDOM_TRANSLATION -> {
                boolean ok = fraction(c, "height", "of the image height a shift may reach", "height = 0.1");
                ok &= fraction(c, "width", "of the image width a shift may reach", "width = 0.1");
                yield ok ? new Augment.Translation(c.attribute("height").doubleValue(), c.attribute("width").doubleValue(),
                        fill(c)) : null;
            }
            case RANDOM_ROTATION -> {
                double degrees = c.attribute("degrees").doubleValue();
                if (!(degrees >= 0 && degrees <= 180)) {
                    c.error(Message.AUGMENT_RANGE, c.anchor("degrees"), c.name(), "degrees", "in [0, 180] (the largest angle either way)",
                            degrees, "degrees = 15");
                    yield null;
                }
                yield new Augment.Rotation(degrees, fill(c));
            }
            case RANDOM_ZOOM -> fraction(c, "value", "of the size the scale may change by", "@RandomZoom(0.1)")
                    ? new Augment.Zoom(c.attribute("value").doubleValue(), fill(c)) : null;
            case RANDOM_CONTRAST -> {
                double value = c.attribute("value").doubleValue();
                if (!(value >= 0 && value <= 1)) {
                    c.error(Message.AUGMENT_RANGE, c.anchor("value"), c.name(), "value",
                            "in [0, 1] (the contrast factor is drawn in [1 - value, 1 + value])", value, "@RandomContrast(0.2)");
                    yield null;
                }
                yield new Augment.Contrast(value);
            }
            default -> throw new IllegalStateException("not an augmentation: " + kind);
        };
        if (transform == null || c.input() == null) {
            return Optional.empty();
        }
        if (c.input().isVector()) {
            c.error(Message.NEEDS_IMAGE_INPUT, c.anchor(), c.name(), kind.displayName(), c.producerName());
            return Optional.empty();
        }
        return Optional.of(new AugmentOp(c.name(), c.from(), c.input(), transform));
    }

    /** Checks a fraction in [0, 1); reports and returns false otherwise. */
    private static boolean fraction(RuleContext c, String attribute, String meaning, String example) {
        double v = c.attribute(attribute).doubleValue();
        if (v >= 0 && v < 1) {
            return true;
        }
        c.error(Message.AUGMENT_RANGE, c.anchor(attribute), c.name(), attribute, "a fraction in [0, 1) " + meaning, v, example);
        return false;
    }

    private static FillMode fill(RuleContext c) {
        return FillMode.valueOf(c.attribute("fill").enumName());
    }
}
