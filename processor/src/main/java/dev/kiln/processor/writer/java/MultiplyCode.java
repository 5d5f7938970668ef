package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.MultiplyOp;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The element-wise product of two tensors. An operand with one value per channel (squeeze-and-excitation's
 * gate) is read once per plane and multiplies the whole plane; its gradient is the plane's sum of
 * {@code gOut} times the other operand. Operands of one shape multiply element by element.
 */
final class MultiplyCode implements LayerCode {
    private final LayerContext cx;
    private final MultiplyOp op;

    MultiplyCode(LayerContext cx, MultiplyOp op) {
        this.cx = cx;
        this.op = op;
    }

    private String c(String s) {
        return cx.constant(s);
    }

    /** The per-channel operand, or -1 when both have the output's shape. */
    private int gate() {
        return op.broadcast(0) ? 0 : op.broadcast(1) ? 1 : -1;
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": product of " + String.join(", ", op.inputs())
                + (gate() < 0 ? ", element by element" : ", " + op.inputs().get(gate()) + " one value per channel");
    }

    @Override
    public CodeBlock forwardCall(LayerContext cx, List<String> ins, String out) {
        return CodeBlock.of("$L($L, $L, $L, n0, n1);\n", cx.forwardMethod(), ins.get(0), ins.get(1), out);
    }

    @Override
    public CodeBlock backwardCall(LayerContext cx, List<String> ins, String out, String gOut, List<String> gIns) {
        return CodeBlock.of("$L($L, $L, $L, $L, $L, n0, n1);\n", cx.backwardMethod(), ins.get(0), ins.get(1), gOut, gIns.get(0),
                gIns.get(1));
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(cx.intConstant("SIZE", op.output().size(), null));
        type.addField(cx.intConstant("PLANE", (long) op.output().height() * op.output().width(), null));
        type.addField(cx.intConstant("C", op.output().channels(), null));
        String size = c("SIZE");
        int gate = gate();
        MethodSpec.Builder f = MethodSpec.methodBuilder(cx.forwardMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L\n", fusionNote())
                .addParameter(float[].class, "in0").addParameter(float[].class, "in1").addParameter(float[].class, "out")
                .addParameter(int.class, "n0").addParameter(int.class, "n1");
        CodeBlock.Builder fb = CodeBlock.builder().add("// $L\n", cx.shapeComment());
        MethodSpec.Builder b = MethodSpec.methodBuilder(cx.backwardMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Backward of $L: each operand's gradient is gOut times the other ({@code =}; null skips)$L.\n", cx.name(),
                        gate < 0 ? "" : ", summed over each plane for the per-channel one")
                .addParameter(float[].class, "in0").addParameter(float[].class, "in1").addParameter(float[].class, "gOut")
                .addParameter(float[].class, "gIn0").addParameter(float[].class, "gIn1")
                .addParameter(int.class, "n0").addParameter(int.class, "n1");
        CodeBlock.Builder bb = CodeBlock.builder();
        if (gate < 0) {
            fb.beginControlFlow("for (int i = n0 * $L, end = n1 * $L; i < end; i++)", size, size)
                    .addStatement("out[i] = in0[i] * in1[i]").endControlFlow();
            for (int k = 0; k < 2; k++) {
                bb.beginControlFlow("if (gIn$L != null)", k)
                        .beginControlFlow("for (int i = n0 * $L, end = n1 * $L; i < end; i++)", size, size)
                        .addStatement("gIn$L[i] = gOut[i] * in$L[i]", k, 1 - k)
                        .endControlFlow().endControlFlow();
            }
        } else {
            int full = 1 - gate;
            String plane = c("PLANE");
            String channels = c("C");
            fb.beginControlFlow("for (int n = n0; n < n1; n++)")
                    .beginControlFlow("for (int ch = 0; ch < $L; ch++)", channels)
                    .addStatement("float g = in$L[n * $L + ch]", gate, channels)
                    .addStatement("int base = n * $L + ch * $L", size, plane)
                    .beginControlFlow("for (int i = base; i < base + $L; i++)", plane)
                    .addStatement("out[i] = $L", gate == 1 ? "in0[i] * g" : "g * in1[i]")
                    .endControlFlow().endControlFlow().endControlFlow();
            bb.beginControlFlow("for (int n = n0; n < n1; n++)")
                    .beginControlFlow("for (int ch = 0; ch < $L; ch++)", channels)
                    .addStatement("float g = in$L[n * $L + ch]", gate, channels)
                    .addStatement("int base = n * $L + ch * $L", size, plane)
                    .add("// the full operand's gradient, and the plane's sum for the gate's\n")
                    .addStatement("float sum = 0f")
                    .beginControlFlow("for (int i = base; i < base + $L; i++)", plane)
                    .beginControlFlow("if (gIn$L != null)", full).addStatement("gIn$L[i] = gOut[i] * g", full).endControlFlow()
                    .addStatement("sum += gOut[i] * in$L[i]", full)
                    .endControlFlow()
                    .beginControlFlow("if (gIn$L != null)", gate).addStatement("gIn$L[n * $L + ch] = sum", gate, channels).endControlFlow()
                    .endControlFlow().endControlFlow();
        }
        type.addMethod(f.addCode(fb.build()).build());
        type.addMethod(b.addCode(bb.build()).build());
    }
}
