package dev.kiln.processor.model;

import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Network;
import dev.kiln.spec.LayerKind;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Which annotation declares which layer kind: {@link LayerKind} names each kind's annotation. */
public final class LayerAnnotations {
    public static final String NETWORK = Network.class.getName();
    public static final String LAYER_TYPE = Layer.class.getName();

    private LayerAnnotations() {
    }

    /** The kind an annotation type declares, or empty for annotations that are not Kiln layers. */
    public static Optional<LayerKind> kindOf(String annotationQualifiedName) {
        return LayerKind.ofAnnotation(annotationQualifiedName);
    }

    /** The qualified names of the layer annotations. */
    public static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (LayerKind k : LayerKind.values()) {
            names.add(k.annotation().getName());
        }
        return names;
    }
}
