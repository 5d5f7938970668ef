package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.SliceOp;
import java.util.Arrays;

/**
 * A channel slice: per image one contiguous run of the input (channels {@code [start, end)} are whole planes,
 * one after the other), copied; backward copies the gradient back and zeroes the other channels.
 */
final class SliceCode implements LayerCode {
    private final LayerContext cx;
    private final SliceOp op;

    SliceCode(LayerContext cx, SliceOp op) {
        this.cx = cx;
        this.op = op;
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": channels [" + op.start() + ", " + op.end() + ") of " + op.from() + ", one copy per image";
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(cx.intConstant("IN_SIZE", op.input().size(), null));
        type.addField(cx.intConstant("OUT_SIZE", op.output().size(), null));
        type.addField(cx.intConstant("OFFSET", op.offset(), cx.name() + "'s first element within an input image"));
        String in = cx.constant("IN_SIZE");
        String out = cx.constant("OUT_SIZE");
        String offset = cx.constant("OFFSET");
        type.addMethod(cx.forwardSignature()
                .addJavadoc("$L\n", fusionNote())
                .addCode(CodeBlock.builder()
                        .add("// $L\n", cx.shapeComment())
                        .beginControlFlow("for (int n = n0; n < n1; n++)")
                        .addStatement("System.arraycopy(in, n * $L + $L, out, n * $L, $L)", in, offset, out, out)
                        .endControlFlow()
                        .build())
                .build());
        type.addMethod(cx.backwardSignature()
                .addJavadoc("Backward of $L: the gradient back into its channels, zeros in the others ({@code =}).\n", cx.name())
                .addCode(CodeBlock.builder()
                        .beginControlFlow("if (gIn == null)").addStatement("return").endControlFlow()
                        .beginControlFlow("for (int n = n0; n < n1; n++)")
                        .addStatement("$T.fill(gIn, n * $L, (n + 1) * $L, 0f)", Arrays.class, in, in)
                        .addStatement("System.arraycopy(gOut, n * $L, gIn, n * $L + $L, $L)", out, in, offset, out)
                        .endControlFlow()
                        .build())
                .build());
    }
}
