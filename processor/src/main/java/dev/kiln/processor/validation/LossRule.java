package dev.kiln.processor.validation;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.processor.model.LayerDescriptor;
import dev.kiln.processor.model.LayerDescriptor.LayerAnnotation;
import dev.kiln.spec.LayerKind;
import java.util.List;

/**
 * Where SOFTMAX may appear and which last layer each loss needs. Works on the declared attributes
 * only (kind, activation, units), so it runs even when an earlier shape error left shapes unknown.
 * <ul>
 *   <li>SOFTMAX: only on the last layer, only a dense one, only with softmax cross-entropy.</li>
 *   <li>Softmax cross-entropy: a dense last layer of at least 2 units with activation NONE or SOFTMAX.</li>
 *   <li>Binary cross-entropy: a dense last layer of 1 unit with SIGMOID or NONE (a logit).</li>
 *   <li>Mean squared error: any last layer.</li>
 * </ul>
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
            if (!a.kind().hasParameters() || activation(a) != Activation.SOFTMAX) {
                continue;
            }
            Anchor at = new Anchor(f.field(), a.mirror(), a.attribute("activation").anchor());
            if (i < layers.size() - 1) {
                diagnostics.error(Message.SOFTMAX_NOT_LAST, at, f.name(), layers.get(i + 1).name());
            } else if (a.kind() != LayerKind.DENSE) {
                diagnostics.error(Message.SOFTMAX_NOT_DENSE, at, f.name(), a.kind().displayName());
            } else if (loss != Loss.SOFTMAX_CROSS_ENTROPY) {
                diagnostics.error(Message.SOFTMAX_NEEDS_CROSS_ENTROPY, at, f.name(), loss,
                        loss == Loss.BINARY_CROSS_ENTROPY ? "SIGMOID" : "NONE");
            }
        }
        if (layers.isEmpty() || !lastKnown) {
            return;
        }
        LayerDescriptor last = layers.get(layers.size() - 1);
        LayerAnnotation a = last.single().orElseThrow();
        Anchor on = new Anchor(last.field(), a.mirror(), null);
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> {
                if (a.kind() != LayerKind.DENSE) {
                    diagnostics.error(Message.CROSS_ENTROPY_NEEDS_DENSE, on, last.name(), a.kind().displayName());
                } else if (activation(a) != Activation.NONE && activation(a) != Activation.SOFTMAX) {
                    diagnostics.error(Message.CROSS_ENTROPY_ACTIVATION,
                            new Anchor(last.field(), a.mirror(), a.attribute("activation").anchor()), last.name(), activation(a));
                } else if (a.attribute("units").intValue() == 1) {
                    diagnostics.error(Message.CROSS_ENTROPY_NEEDS_CLASSES,
                            new Anchor(last.field(), a.mirror(), a.attribute("units").anchor()), last.name(), 1);
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                if (a.kind() != LayerKind.DENSE || a.attribute("units").intValue() != 1) {
                    String is = a.kind() == LayerKind.DENSE ? "a @Dense of " + a.attribute("units").intValue() + " units"
                            : "a @" + a.kind().displayName();
                    diagnostics.error(Message.BINARY_NEEDS_ONE_UNIT, on, last.name(), is);
                } else if (activation(a) != Activation.SIGMOID && activation(a) != Activation.NONE
                        && activation(a) != Activation.SOFTMAX) {
                    diagnostics.error(Message.BINARY_ACTIVATION,
                            new Anchor(last.field(), a.mirror(), a.attribute("activation").anchor()), last.name(), activation(a));
                }
            }
            case MEAN_SQUARED_ERROR -> {
                // Fits any last layer; SOFTMAX was ruled out above.
            }
        }
    }

    private static Activation activation(LayerAnnotation a) {
        return Activation.valueOf(a.attribute("activation").enumName());
    }
}
