package dev.kiln.processor.model;

import dev.kiln.spec.LayerKind;
import java.util.Map;
import java.util.Optional;

/** Which annotation declares which layer kind: the one mapping from DSL annotations to {@link LayerKind}. */
public final class LayerAnnotations {
    private static final Map<String, LayerKind> KINDS = Map.ofEntries(
            Map.entry("dev.kiln.dsl.Conv2d", LayerKind.CONV2D),
            Map.entry("dev.kiln.dsl.MaxPool2d", LayerKind.MAX_POOL2D),
            Map.entry("dev.kiln.dsl.AvgPool2d", LayerKind.AVG_POOL2D),
            Map.entry("dev.kiln.dsl.Flatten", LayerKind.FLATTEN),
            Map.entry("dev.kiln.dsl.Dense", LayerKind.DENSE),
            Map.entry("dev.kiln.dsl.Dropout", LayerKind.DROPOUT),
            Map.entry("dev.kiln.dsl.Add", LayerKind.ADD),
            Map.entry("dev.kiln.dsl.Concat", LayerKind.CONCAT),
            Map.entry("dev.kiln.dsl.BatchNorm", LayerKind.BATCH_NORM),
            Map.entry("dev.kiln.dsl.GlobalAvgPool2d", LayerKind.GLOBAL_AVG_POOL2D),
            Map.entry("dev.kiln.dsl.RandomFlip", LayerKind.RANDOM_FLIP),
            Map.entry("dev.kiln.dsl.RandomTranslation", LayerKind.RANDOM_TRANSLATION),
            Map.entry("dev.kiln.dsl.RandomRotation", LayerKind.RANDOM_ROTATION),
            Map.entry("dev.kiln.dsl.RandomZoom", LayerKind.RANDOM_ZOOM),
            Map.entry("dev.kiln.dsl.RandomContrast", LayerKind.RANDOM_CONTRAST));

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
