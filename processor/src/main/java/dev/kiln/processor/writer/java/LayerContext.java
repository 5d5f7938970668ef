package dev.kiln.processor.writer.java;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.kiln.dsl.Activation;
import dev.kiln.processor.writer.NameAllocator;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * One layer as the writers see it: its op, its index, the identifiers generated for it, and the
 * activation its own methods apply ({@code NONE} for the last layer when the loss step applies
 * softmax or sigmoid itself).
 *
 * @param layer      the validated layer
 * @param index      its index in the network, the dropout hash's layer number
 * @param prefix     prefix of its constants, e.g. {@code C1}
 * @param activation the activation its forward applies and its backward differentiates
 * @param gradField  the gradient buffer the schedule gives this layer's output
 * @param names      the pass's one name allocator, through which every layer-derived identifier goes
 */
record LayerContext(Op layer, int index, String prefix, Activation activation, String gradField, NameAllocator names) {

    /**
     * The identifier of this layer's member {@code role} ({@code Out}, {@code Forward}, {@code Argmax},
     * ...): the layer name and the role, unless another generated name has it already.
     */
    String ident(String role) {
        return names.get(index + "." + role, name() + role);
    }

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
        return ident("Out");
    }

    String forwardMethod() {
        return ident("Forward");
    }

    String backwardMethod() {
        return ident("Backward");
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
        String in = layer.inputShapes().stream().map(LayerContext::shape).collect(java.util.stream.Collectors.joining(" + "));
        return name() + ": " + in + " -> " + shape(layer.output());
    }

    /** Forward signature shared by every layer: read {@code in}, write {@code out}, images {@code [n0, n1)}. */
    MethodSpec.Builder forwardSignature() {
        return forwardSignature(forwardMethod(), "params");
    }

    /** The same signature for method {@code name}, whose weights come in as {@code weights} (e.g. predict's folded ones). */
    MethodSpec.Builder forwardSignature(String name, String weights) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(float[].class, weights)
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
