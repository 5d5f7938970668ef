package dev.kiln.processor.writer.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.dsl.FlipMode;
import dev.kiln.spec.Augment;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.Shape;
import javax.lang.model.element.Modifier;

/**
 * An augmentation layer. In training, image {@code n} draws its transform from
 * {@code (seed, layerIndex, n)} through {@code Augments} (the OpenCL template {@code augment.cl}
 * draws the same bits) and is flipped, resampled through its affine map, or has its contrast
 * scaled; at inference the layer copies its input, bit for bit. Backward is the transform's
 * adjoint, run only when a caller asks for the input gradient: nothing before an augmentation
 * layer trains, so a training step never needs it.
 */
final class AugmentCode implements LayerCode {
    static final ClassName AUGMENTS = ClassName.get("dev.kiln.runtime.java", "Augments");

    private final LayerContext cx;
    private final AugmentOp op;

    AugmentCode(LayerContext cx, AugmentOp op) {
        this.cx = cx;
        this.op = op;
    }

    private String mapField() {
        return cx.ident("Map");
    }

    private boolean affine() {
        return op.transform() instanceof Augment.Translation || op.transform() instanceof Augment.Rotation
                || op.transform() instanceof Augment.Zoom;
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": " + op.kind().displayName() + " " + op.transform() + " in training, a copy at inference";
    }

    @Override
    public void addConstruction(CodeBlock.Builder constructor) {
        if (affine()) {
            constructor.addStatement("$L = new float[workers][6]", mapField());
        }
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        Shape s = op.input();
        String size = cx.constant("SIZE");
        type.addField(cx.intConstant("SIZE", s.size(), null));
        if (affine()) {
            type.addField(FieldSpec.builder(float[][].class, mapField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's affine map of the image it is resampling.\n").build());
        }
        CodeBlock.Builder fw = CodeBlock.builder()
                .add("// $L\n", cx.shapeComment())
                .beginControlFlow("if (!training)")
                .addStatement("System.arraycopy(in, n0 * $L, out, n0 * $L, (n1 - n0) * $L)", size, size, size)
                .addStatement("return")
                .endControlFlow()
                .beginControlFlow("for (int n = n0; n < n1; n++)");
        fw.add(perImage("in", "out", ""));
        fw.endControlFlow();
        CodeBlock.Builder bw = CodeBlock.builder()
                .beginControlFlow("if (gIn == null)").addStatement("return").endControlFlow()
                .beginControlFlow("if (!training)")
                .addStatement("System.arraycopy(gOut, n0 * $L, gIn, n0 * $L, (n1 - n0) * $L)", size, size, size)
                .addStatement("return")
                .endControlFlow()
                .beginControlFlow("for (int n = n0; n < n1; n++)");
        bw.add(perImage("gOut", "gIn", "Backward"));
        bw.endControlFlow();
        type.addMethod(cx.forwardSignature().addJavadoc("$L\n", fusionNote()).addCode(fw.build()).build());
        type.addMethod(cx.backwardSignature().addJavadoc("Adjoint of $L (only for an input gradient)\n", fusionNote())
                .addCode(bw.build()).build());
    }

    /** The statements for image {@code n}: {@code from} transformed into {@code to} ({@code suffix} "Backward": the adjoint). */
    private CodeBlock perImage(String from, String to, String suffix) {
        Shape s = op.input();
        int c = s.channels();
        int h = s.height();
        int w = s.width();
        int layer = cx.index();
        CodeBlock.Builder b = CodeBlock.builder();
        Augment t = op.transform();
        if (t instanceof Augment.Flip f) {
            String horizontal = f.mode() != FlipMode.VERTICAL ? CodeBlock.of("$T.flips(seed, $L, n, 0)", AUGMENTS, layer).toString() : "false";
            String vertical = f.mode() != FlipMode.HORIZONTAL ? CodeBlock.of("$T.flips(seed, $L, n, 1)", AUGMENTS, layer).toString() : "false";
            b.addStatement("$T.flip$L($L, $L, n, $L, $L, $L, $L, $L)", AUGMENTS, suffix, from, to, c, h, w, horizontal, vertical);
        } else if (t instanceof Augment.Contrast k) {
            b.addStatement("$T.contrast$L($L, $L, n, $L, $L, 1f + $T.symmetric(seed, $L, n, 0, $Lf))", AUGMENTS, suffix, from, to, c,
                    h * w, AUGMENTS, layer, (float) k.value());
        } else {
            int kind;
            float a;
            float bRange = 0;
            int fill;
            if (t instanceof Augment.Translation tr) {
                kind = 0;
                a = (float) tr.height();
                bRange = (float) tr.width();
                fill = tr.fill().ordinal();
            } else if (t instanceof Augment.Rotation r) {
                kind = 1;
                a = (float) r.degrees();
                fill = r.fill().ordinal();
            } else {
                Augment.Zoom z = (Augment.Zoom) t;
                kind = 2;
                a = (float) z.value();
                fill = z.fill().ordinal();
            }
            b.addStatement("$T.affine($L, $Lf, $Lf, seed, $L, n, $L, $L, $L[worker])", AUGMENTS, kind, a, bRange, layer, h, w, mapField());
            b.addStatement("$T.warp$L($L, $L, n, $L, $L, $L, $L[worker], $L)", AUGMENTS, suffix, from, to, c, h, w, mapField(), fill);
        }
        return b.build();
    }
}
