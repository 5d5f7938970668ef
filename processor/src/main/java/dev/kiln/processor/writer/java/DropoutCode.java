package dev.kiln.processor.writer.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.DropoutOp;
import dev.kiln.spec.Dropouts;
import javax.lang.model.element.Modifier;

/**
 * Inverted dropout. In training, element {@code i} of the layer's (N, size) batch buffer is dropped
 * exactly when {@code Dropouts.dropped(seed, layerIndex, i, rate)} says so (the OpenCL backend
 * hashes the same way); kept elements are scaled by {@code 1 / (1 - rate)}. The mask (0 or the
 * scale) is kept for backward. At inference the layer copies its input.
 */
final class DropoutCode implements LayerCode {
    static final ClassName DROPOUTS = ClassName.get(Dropouts.class);

    private final LayerContext cx;
    private final DropoutOp op;

    DropoutCode(LayerContext cx, DropoutOp op) {
        this.cx = cx;
        this.op = op;
    }

    /** Forward keeps the mask beside the output. */
    @Override
    public int tileCopies() {
        return 2;
    }

    String maskField() {
        return cx.ident("Mask");
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": dropout " + op.rate() + ", mask and scale in one pass";
    }

    @Override
    public void addPlanning(CodeBlock.Builder plan) {
        plan.addStatement("$L = new float[maxBatch * $L]", maskField(), cx.constant("SIZE"));
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        double rate = op.rate();
        String size = cx.constant("SIZE");
        type.addField(cx.intConstant("SIZE", cx.layer().output().size(), null));
        type.addField(FieldSpec.builder(double.class, cx.constant("RATE"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", Double.toString(rate)).addJavadoc("$L drop probability\n", cx.name()).build());
        type.addField(FieldSpec.builder(float.class, cx.constant("SCALE"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("(float) (1.0 / (1.0 - $L))", cx.constant("RATE")).addJavadoc("$L scale of kept elements\n", cx.name()).build());
        type.addField(FieldSpec.builder(float[].class, maskField(), Modifier.PRIVATE)
                .addJavadoc("Per element of the last training forward: 0 if dropped, else the scale.\n").build());
        type.addMethod(cx.forwardSignature()
                .addJavadoc("$L\n", fusionNote())
                .addCode(CodeBlock.builder()
                        .add("// $L\n", cx.shapeComment())
                        .beginControlFlow("if (!training)")
                        .addStatement("System.arraycopy(in, n0 * $L, out, n0 * $L, (n1 - n0) * $L)", size, size, size)
                        .addStatement("return")
                        .endControlFlow()
                        .beginControlFlow("for (int i = n0 * $L; i < n1 * $L; i++)", size, size)
                        .addStatement("float keep = $T.dropped(seed, $L, i, $L) ? 0f : $L", DROPOUTS, cx.index(),
                                cx.constant("RATE"), cx.constant("SCALE"))
                        .addStatement("$L[i] = keep", maskField())
                        .addStatement("out[i] = in[i] * keep")
                        .endControlFlow()
                        .build())
                .build());
        type.addMethod(cx.backwardSignature()
                .addJavadoc("Backward of $L\n", fusionNote())
                .addCode(CodeBlock.builder()
                        .beginControlFlow("if (gIn == null)").addStatement("return").endControlFlow()
                        .beginControlFlow("if (!training)")
                        .addStatement("System.arraycopy(gOut, n0 * $L, gIn, n0 * $L, (n1 - n0) * $L)", size, size, size)
                        .addStatement("return")
                        .endControlFlow()
                        .beginControlFlow("for (int i = n0 * $L; i < n1 * $L; i++)", size, size)
                        .addStatement("gIn[i] = gOut[i] * $L[i]", maskField())
                        .endControlFlow()
                        .build())
                .build());
    }
}
