package dev.kiln.processor.model;

import dev.kiln.spec.LayerKind;
import java.util.Map;
import java.util.Optional;

/** Which annotation declares which layer kind: the one mapping from DSL annotations to {@link LayerKind}. */
public final class LayerAnnotations {
    private static final Map<String, LayerKind> KINDS = Map.of(
            "dev.kiln.dsl.Conv2d", LayerKind.CONV2D,
            "dev.kiln.dsl.MaxPool2d", LayerKind.MAX_POOL2D,
            "dev.kiln.dsl.AvgPool2d", LayerKind.AVG_POOL2D,
            "dev.kiln.dsl.Flatten", LayerKind.FLATTEN,
            "dev.kiln.dsl.Dense", LayerKind.DENSE,
            "dev.kiln.dsl.Dropout", LayerKind.DROPOUT,
            "dev.kiln.dsl.Add", LayerKind.ADD,
            "dev.kiln.dsl.Concat", LayerKind.CONCAT,
            "dev.kiln.dsl.BatchNorm", LayerKind.BATCH_NORM,
            "dev.kiln.dsl.GlobalAvgPool2d", LayerKind.GLOBAL_AVG_POOL2D);

    public static final String NETWORK = "dev.kiln.dsl.Network";
    public static final String LAYER_TYPE = "dev.kiln.dsl.Layer";

    private LayerAnnotations() {
    }

    /** The kind an annotation type declares, or empty for annotations that are not Kiln layers. */
    public static Optional<LayerKind> kindOf(String annotationQualifiedName) {
        return Optional.ofNullable(KINDS.get(annotationQualifiedName));
    }

    /** The qualified names of the layer annotations. */
    public static java.util.Set<String> names() {
        return KINDS.keySet();
    }
}
