package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.AddOp;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Element-wise sum of two or more tensors with the activation fused in one pass (ResNet's
 * {@code relu(x + F(x))}). Backward folds the activation derivative into the output gradient once
 * and hands the same gradient to every input.
 */
final class AddCode implements LayerCode {
    private final LayerContext cx;
    private final AddOp op;

    AddCode(LayerContext cx, AddOp op) {
        this.cx = cx;
        this.op = op;
    }

    private int arity() {
        return op.inputs().size();
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": sum of " + String.join(", ", op.inputs()) + ActivationCode.plus(cx.activation())
                + " in one pass" + ActivationCode.backwardNote(cx.activation());
    }

    @Override
    public CodeBlock forwardCall(LayerContext cx, List<String> ins, String out) {
        return CodeBlock.of("$L($L, $L, n0, n1);\n", cx.forwardMethod(), String.join(", ", ins), out);
    }

    @Override
    public CodeBlock backwardCall(LayerContext cx, List<String> ins, String out, String gOut, List<String> gIns) {
        return CodeBlock.of("$L($L, $L, $L, n0, n1);\n", cx.backwardMethod(), out, gOut, String.join(", ", gIns));
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(cx.intConstant("SIZE", op.output().size(), null));
        String size = cx.constant("SIZE");
        MethodSpec.Builder f = MethodSpec.methodBuilder(cx.forwardMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L\n", fusionNote());
        List<String> terms = new ArrayList<>();
        for (int k = 0; k < arity(); k++) {
            f.addParameter(float[].class, "in" + k);
            terms.add("in" + k + "[i]");
        }
        f.addParameter(float[].class, "out").addParameter(int.class, "n0").addParameter(int.class, "n1");
        f.addCode(CodeBlock.builder()
                .add("// $L\n", cx.shapeComment())
                .add("// the sum first, in a loop the JIT vectorises; then the activation over the same range\n")
                .beginControlFlow("for (int i = n0 * $L, end = n1 * $L; i < end; i++)", size, size)
                .addStatement("out[i] = $L", String.join(" + ", terms))
                .endControlFlow()
                .add(activationInPlace(size))
                .build());
        type.addMethod(f.build());

        MethodSpec.Builder b = MethodSpec.methodBuilder(cx.backwardMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Backward of $L: every input's gradient is the pre-activation gradient ({@code =}; null skips).\n",
                        cx.name())
                .addParameter(float[].class, "out").addParameter(float[].class, "gOut");
        for (int k = 0; k < arity(); k++) {
            b.addParameter(float[].class, "gIn" + k);
        }
        b.addParameter(int.class, "n0").addParameter(int.class, "n1");
        CodeBlock.Builder code = CodeBlock.builder();
        String derivative = ActivationCode.derivative(cx.activation(), "gOut[i]", "out[i]");
        code.beginControlFlow("for (int i = n0 * $L, end = n1 * $L; i < end; i++)", size, size);
        code.addStatement("float dz = $L", derivative == null ? "gOut[i]" : derivative);
        for (int k = 0; k < arity(); k++) {
            code.beginControlFlow("if (gIn$L != null)", k).addStatement("gIn$L[i] = dz", k).endControlFlow();
        }
        code.endControlFlow();
        type.addMethod(b.addCode(code.build()).build());
    }

    private CodeBlock activationInPlace(String size) {
        CodeBlock.Builder b = CodeBlock.builder();
        ActivationCode.applyInPlace(b, cx.activation(), "out", "n0 * " + size, "n1 * " + size);
        return b.build();
    }
}
