package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.ChannelShuffleOp;
import javax.lang.model.element.Modifier;

/**
 * A channel shuffle: each output channel's plane is a copy of one input channel's ({@link ChannelShuffleOp#source}),
 * from a table built once per class; backward copies each plane back.
 */
final class ChannelShuffleCode implements LayerCode {
    private final LayerContext cx;
    private final ChannelShuffleOp op;

    ChannelShuffleCode(LayerContext cx, ChannelShuffleOp op) {
        this.cx = cx;
        this.op = op;
    }

    private String c(String s) {
        return cx.constant(s);
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": channel shuffle in " + op.groups() + " groups, one plane copy per channel";
    }

    private String tableMethod() {
        return cx.ident("Sources");
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        int channels = op.input().channels();
        type.addField(cx.intConstant("C", channels, null));
        type.addField(cx.intConstant("GROUPS", op.groups(), null));
        type.addField(cx.intConstant("PLANE", (long) op.input().height() * op.input().width(), null));
        type.addField(cx.intConstant("SIZE", op.input().size(), null));
        type.addField(FieldSpec.builder(int[].class, c("SOURCE"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L()", tableMethod())
                .addJavadoc("For each output channel {@code j}: the input channel it holds, {@code (j % groups) (C / groups) + j / groups}.\n")
                .build());
        type.addMethod(MethodSpec.methodBuilder(tableMethod()).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(int[].class)
                .addComment("the (groups, C / groups) view of the channels, transposed and flattened")
                .addStatement("int[] table = new int[$L]", c("C"))
                .beginControlFlow("for (int j = 0; j < $L; j++)", c("C"))
                .addStatement("table[j] = (j % $L) * ($L / $L) + j / $L", c("GROUPS"), c("C"), c("GROUPS"), c("GROUPS"))
                .endControlFlow()
                .addStatement("return table")
                .build());
        String plane = c("PLANE");
        String size = c("SIZE");
        type.addMethod(cx.forwardSignature()
                .addJavadoc("$L\n", fusionNote())
                .addCode(CodeBlock.builder()
                        .add("// $L\n", cx.shapeComment())
                        .beginControlFlow("for (int n = n0; n < n1; n++)")
                        .beginControlFlow("for (int j = 0; j < $L; j++)", c("C"))
                        .addStatement("System.arraycopy(in, n * $L + $L[j] * $L, out, n * $L + j * $L, $L)", size, c("SOURCE"), plane,
                                size, plane, plane)
                        .endControlFlow()
                        .endControlFlow()
                        .build())
                .build());
        type.addMethod(cx.backwardSignature()
                .addJavadoc("Backward of $L: each plane's gradient back to its input channel ({@code =}).\n", cx.name())
                .addCode(CodeBlock.builder()
                        .beginControlFlow("if (gIn == null)").addStatement("return").endControlFlow()
                        .beginControlFlow("for (int n = n0; n < n1; n++)")
                        .beginControlFlow("for (int j = 0; j < $L; j++)", c("C"))
                        .addStatement("System.arraycopy(gOut, n * $L + j * $L, gIn, n * $L + $L[j] * $L, $L)", size, plane, size,
                                c("SOURCE"), plane, plane)
                        .endControlFlow()
                        .endControlFlow()
                        .build())
                .build());
    }
}
