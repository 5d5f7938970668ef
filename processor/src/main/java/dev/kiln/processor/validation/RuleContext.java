package dev.kiln.processor.validation;

import dev.kiln.processor.model.Attribute;
import dev.kiln.processor.model.LayerDescriptor.LayerAnnotation;
import dev.kiln.processor.model.LayerDescriptor;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a layer rule sees: the layer's field and annotation, the tensors it reads (layer names or
 * {@code input}) with their shapes ({@code shapes} null when an earlier error left any unknown, in
 * which case only the context-free checks run), and where to report.
 */
record RuleContext(LayerDescriptor field, LayerAnnotation annotation, List<String> inputs, List<Shape> shapes,
                    Diagnostics diagnostics) {

    /** The shape of the first (for one-input kinds, the only) tensor read, or null if unknown. */
    Shape input() {
        return shapes == null ? null : shapes.get(0);
    }

    /** The layer producing the first input, or null for the network input. */
    String producer() {
        return inputs.get(0).equals(Op.INPUT) ? null : inputs.get(0);
    }

    /** {@code b1n2 (8, 14, 14)} or {@code the input (1, 28, 28)}: input {@code k} named with its shape. */
    String described(int k) {
        String t = inputs.get(k);
        return (t.equals(Op.INPUT) ? "the input" : t) + " " + shapes.get(k);
    }

    String name() {
        return field.name();
    }

    Attribute attribute(String name) {
        return annotation.attribute(name);
    }

    /** Anchors on the attribute's value, or on the annotation when the default applies. */
    Anchor anchor(String attribute) {
        return new Anchor(field.field(), annotation.mirror(), attribute(attribute).anchor());
    }

    Anchor anchor() {
        return new Anchor(field.field(), annotation.mirror(), null);
    }

    /** {@code s2 produces (6, 4, 4)} or {@code the input is (1, 28, 28)}. */
    String producesText() {
        return producer() == null ? "the input is " + input() : producer() + " produces " + input();
    }

    /** The tensor this layer reads: the producer's name, or {@code input}. */
    String from() {
        return inputs.get(0);
    }

    /** {@code s2} or {@code the input}. */
    String producerName() {
        return producer() == null ? "the input" : producer();
    }

    void error(Message message, Anchor anchor, Object... args) {
        diagnostics.error(message, anchor, args);
    }

    /**
     * Reads a one-or-two-values attribute; reports the arity error and returns empty otherwise.
     * {@code ifEmpty} is used for an empty array (a pool's stride defaulting to its size), and an
     * empty array without it is an arity error.
     */
    Optional<Pair> pair(String attribute, Pair ifEmpty) {
        List<Integer> values = attribute(attribute).ints();
        if (values.isEmpty() && ifEmpty != null) {
            return Optional.of(ifEmpty);
        }
        if (values.size() == 1) {
            return Optional.of(new Pair(values.get(0), values.get(0)));
        }
        if (values.size() == 2) {
            return Optional.of(new Pair(values.get(0), values.get(1)));
        }
        String written = values.stream().map(String::valueOf).collect(Collectors.joining(", ", "{", "}"));
        error(Message.ATTRIBUTE_ARITY, anchor(attribute), name(), attribute, values.size(), written, attribute, attribute);
        return Optional.empty();
    }
}
