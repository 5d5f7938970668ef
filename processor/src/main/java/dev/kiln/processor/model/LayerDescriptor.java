package dev.kiln.processor.model;

import dev.kiln.spec.LayerKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;

/**
 * One field of a network class that is, or claims to be, a layer: every field that carries a layer
 * annotation, and every instance field of type {@code Layer}. Unjudged: a descriptor may have no
 * layer annotation, several, or the wrong field type; the validator says which is wrong.
 *
 * @param field        the field (messages anchor here when no annotation applies)
 * @param name         the field name, which is the layer's name
 * @param annotations  the layer annotations on the field, in source order, with their kinds
 * @param layerTyped   whether the field's type is {@code dev.kiln.dsl.Layer}
 * @param isStatic     whether the field is static
 * @param declaredType the field's type as written, for messages
 */
public record LayerDescriptor(VariableElement field, String name, List<LayerAnnotation> annotations,
                              boolean layerTyped, boolean isStatic, String declaredType) {

    public LayerDescriptor {
        annotations = List.copyOf(annotations);
    }

    /** The single layer annotation, if there is exactly one. */
    public Optional<LayerAnnotation> single() {
        return annotations.size() == 1 ? Optional.of(annotations.get(0)) : Optional.empty();
    }

    /**
     * One layer annotation on a field.
     *
     * @param kind       the layer kind it declares
     * @param mirror     the annotation as written
     * @param attributes every attribute by name, defaults included
     */
    public record LayerAnnotation(LayerKind kind, AnnotationMirror mirror, Map<String, Attribute> attributes) {

        public LayerAnnotation {
            attributes = Map.copyOf(attributes);
        }

        public Attribute attribute(String name) {
            Attribute a = attributes.get(name);
            if (a == null) {
                throw new IllegalArgumentException("@" + kind.displayName() + " has no attribute '" + name + "'");
            }
            return a;
        }
    }
}
