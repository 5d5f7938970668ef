package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.ConcatOp;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Concatenation: per image, each input's elements one after the other (channel-major images make
 * joining along channels a copy of whole planes). Backward copies each input's part back.
 */
final class ConcatCode implements LayerCode {
    private final LayerContext cx;
    private final ConcatOp op;

    ConcatCode(LayerContext cx, ConcatOp op) {
        this.cx = cx;
        this.op = op;
    }

    private int arity() {
        return op.inputs().size();
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": concatenation of " + String.join(", ", op.inputs()) + ", one copy per input per image";
    }

    @Override
    public CodeBlock forwardCall(LayerContext cx, List<String> ins, String out) {
        return CodeBlock.of("$L($L, $L, n0, n1);\n", cx.forwardMethod(), String.join(", ", ins), out);
    }

    @Override
    public CodeBlock backwardCall(LayerContext cx, List<String> ins, String out, String gOut, List<String> gIns) {
        return CodeBlock.of("$L($L, $L, n0, n1);\n", cx.backwardMethod(), gOut, String.join(", ", gIns));
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(cx.intConstant("SIZE", op.output().size(), null));
        for (int k = 0; k < arity(); k++) {
            type.addField(cx.intConstant("PART" + k, op.inputShapes().get(k).size(), null));
            type.addField(cx.intConstant("OFFSET" + k, op.offset(k), null));
        }
        String size = cx.constant("SIZE");
        MethodSpec.Builder f = MethodSpec.methodBuilder(cx.forwardMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L\n", fusionNote());
        for (int k = 0; k < arity(); k++) {
            f.addParameter(float[].class, "in" + k);
        }
        f.addParameter(float[].class, "out").addParameter(int.class, "n0").addParameter(int.class, "n1");
        CodeBlock.Builder code = CodeBlock.builder().add("// $L\n", cx.shapeComment());
        code.beginControlFlow("for (int n = n0; n < n1; n++)");
        for (int k = 0; k < arity(); k++) {
            String part = cx.constant("PART" + k);
            code.addStatement("System.arraycopy(in$L, n * $L, out, n * $L + $L, $L)", k, part, size, cx.constant("OFFSET" + k), part);
        }
        code.endControlFlow();
        type.addMethod(f.addCode(code.build()).build());

        MethodSpec.Builder b = MethodSpec.methodBuilder(cx.backwardMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Backward of $L: each input's part of the gradient ({@code =}; null skips).\n", cx.name())
                .addParameter(float[].class, "gOut");
        for (int k = 0; k < arity(); k++) {
            b.addParameter(float[].class, "gIn" + k);
        }
        b.addParameter(int.class, "n0").addParameter(int.class, "n1");
        CodeBlock.Builder back = CodeBlock.builder().beginControlFlow("for (int n = n0; n < n1; n++)");
        for (int k = 0; k < arity(); k++) {
            String part = cx.constant("PART" + k);
            back.beginControlFlow("if (gIn$L != null)", k)
                    .addStatement("System.arraycopy(gOut, n * $L + $L, gIn$L, n * $L, $L)", size, cx.constant("OFFSET" + k), k, part, part)
                    .endControlFlow();
        }
        back.endControlFlow();
        type.addMethod(b.addCode(back.build()).build());
    }
}
