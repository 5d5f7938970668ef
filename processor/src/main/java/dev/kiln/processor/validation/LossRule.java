package dev.kiln.processor.validation;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.processor.model.LayerDescriptor;
import dev.kiln.processor.model.LayerDescriptor.LayerAnnotation;
import dev.kiln.spec.LayerKind;
import dev.kiln.spec.LossCompatibility;
import dev.kiln.spec.LossCompatibility.Problem;
import java.util.List;
import java.util.Optional;

/**
 * Reports {@link LossCompatibility}'s problems (the one rule for where SOFTMAX may appear and which
 * last layer each loss needs) as compile errors. Works on the declared attributes only (kind,
 * activation, units), so it runs even when an earlier shape error left shapes unknown.
 */
final class LossRule {
    private LossRule() {
    }

    /**
     * {@code layers} are the fields with exactly one layer annotation, in order; {@code lastKnown}
     * says the last field is one of them (otherwise the last layer is unknown and only the SOFTMAX
     * placement is checked).
     */
    static void check(Loss loss, List<LayerDescriptor> layers, boolean lastKnown, Diagnostics diagnostics) {
        for (int i = 0; i < layers.size(); i++) {
            LayerDescriptor f = layers.get(i);
            LayerAnnotation a = f.single().orElseThrow();
            Optional<Problem> p = LossCompatibility.softmax(loss, a.kind(), activation(a), i == layers.size() - 1);
            if (p.isEmpty()) {
                continue;
            }
            Anchor at = new Anchor(f.field(), a.mirror(), a.attribute("activation").anchor());
            switch (p.get()) {
                case SOFTMAX_NOT_LAST -> diagnostics.error(Message.SOFTMAX_NOT_LAST, at, f.name(), layers.get(i + 1).name());
                case SOFTMAX_NOT_DENSE -> diagnostics.error(Message.SOFTMAX_NOT_DENSE, at, f.name(), a.kind().displayName());
                default -> diagnostics.error(Message.SOFTMAX_NEEDS_CROSS_ENTROPY, at, f.name(), loss,
                        loss == Loss.BINARY_CROSS_ENTROPY ? "SIGMOID" : "NONE");
            }
        }
        if (layers.isEmpty() || !lastKnown) {
            return;
        }
        LayerDescriptor last = layers.get(layers.size() - 1);
        LayerAnnotation a = last.single().orElseThrow();
        int units = a.kind() == LayerKind.DENSE ? a.attribute("units").intValue() : 0;
        Optional<Problem> p = LossCompatibility.lastLayer(loss, a.kind(), activation(a), units);
        if (p.isEmpty()) {
            return;
        }
        Anchor on = new Anchor(last.field(), a.mirror(), null);
        switch (p.get()) {
            case CROSS_ENTROPY_NEEDS_DENSE -> diagnostics.error(Message.CROSS_ENTROPY_NEEDS_DENSE, on, last.name(),
                    a.kind().displayName());
            case CROSS_ENTROPY_ACTIVATION -> diagnostics.error(Message.CROSS_ENTROPY_ACTIVATION,
                    new Anchor(last.field(), a.mirror(), a.attribute("activation").anchor()), last.name(), activation(a));
            case CROSS_ENTROPY_NEEDS_CLASSES -> diagnostics.error(Message.CROSS_ENTROPY_NEEDS_CLASSES,
                    new Anchor(last.field(), a.mirror(), a.attribute("units").anchor()), last.name(), 1);
            case BINARY_NEEDS_ONE_UNIT -> {
                String is = a.kind() == LayerKind.DENSE ? "a @Dense of " + units + " units" : "a @" + a.kind().displayName();
                diagnostics.error(Message.BINARY_NEEDS_ONE_UNIT, on, last.name(), is);
            }
            case BINARY_ACTIVATION -> diagnostics.error(Message.BINARY_ACTIVATION,
                    new Anchor(last.field(), a.mirror(), a.attribute("activation").anchor()), last.name(), activation(a));
            default -> throw new IllegalStateException("not a last-layer problem: " + p.get());
        }
    }

    /** The declared activation, or NONE for kinds without one. */
    private static Activation activation(LayerAnnotation a) {
        return a.attributes().containsKey("activation") ? Activation.valueOf(a.attribute("activation").enumName())
                : Activation.NONE;
    }
}
