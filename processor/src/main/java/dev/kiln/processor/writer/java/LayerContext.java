package dev.kiln.processor.writer.java;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.kiln.dsl.Activation;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.Shape;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * One layer as the writers see it: its spec, its index, the identifiers generated for it, and the
 * activation its own methods apply ({@code NONE} for the last layer when the loss step applies
 * softmax or sigmoid itself).
 *
 * @param layer      the validated layer
 * @param index      its index in the network, the dropout hash's layer number
 * @param prefix     prefix of its constants, e.g. {@code C1}
 * @param activation the activation its forward applies and its backward differentiates
 */
record LayerContext(LayerSpec layer, int index, String prefix, Activation activation) {

    static String constantPrefix(String layerName) {
        return layerName.toUpperCase(Locale.ROOT);
    }

    String name() {
        return layer.name();
    }

    String constant(String suffix) {
        return prefix + "_" + suffix;
    }

    String outField() {
        return name() + "Out";
    }

    String gradField() {
        return name() + "Grad";
    }

    String forwardMethod() {
        return name() + "Forward";
    }

    String backwardMethod() {
        return name() + "Backward";
    }

    /** A {@code private static final int} constant of this layer; {@code doc} null where the name says it all. */
    FieldSpec intConstant(String suffix, long value, String doc) {
        FieldSpec.Builder f = FieldSpec.builder(TypeName.INT, constant(suffix), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", Math.toIntExact(value));
        if (doc != null) {
            f.addJavadoc("$L\n", doc);
        }
        return f.build();
    }

    static String shape(Shape s) {
        return s.isVector() ? "(N, " + s.channels() + ")" : "(N, " + s.channels() + ", " + s.height() + ", " + s.width() + ")";
    }

    /** {@code // c1: (N, 1, 28, 28) -> (N, 6, 28, 28)}. */
    String shapeComment() {
        return name() + ": " + shape(layer.input()) + " -> " + shape(layer.output());
    }

    /** Forward signature shared by every layer: read {@code in}, write {@code out}, images {@code [n0, n1)}. */
    MethodSpec.Builder forwardSignature() {
        return MethodSpec.methodBuilder(forwardMethod())
                .addModifiers(Modifier.PRIVATE)
                .addParameter(float[].class, "params")
                .addParameter(float[].class, "in")
                .addParameter(float[].class, "out")
                .addParameter(int.class, "n0")
                .addParameter(int.class, "n1")
                .addParameter(int.class, "worker");
    }

    /**
     * Backward signature shared by every layer: {@code gOut} is the gradient with respect to this
     * layer's output (overwritten with the pre-activation gradient), {@code gIn} receives the
     * gradient with respect to its input ({@code =}; null to skip), {@code grads} the worker's
     * parameter gradients ({@code +=}).
     */
    MethodSpec.Builder backwardSignature() {
        return MethodSpec.methodBuilder(backwardMethod())
                .addModifiers(Modifier.PRIVATE)
                .addParameter(float[].class, "params")
                .addParameter(float[].class, "grads")
                .addParameter(float[].class, "in")
                .addParameter(float[].class, "out")
                .addParameter(float[].class, "gOut")
                .addParameter(ParameterSpec.builder(float[].class, "gIn").build())
                .addParameter(int.class, "n0")
                .addParameter(int.class, "n1")
                .addParameter(int.class, "worker");
    }
}
