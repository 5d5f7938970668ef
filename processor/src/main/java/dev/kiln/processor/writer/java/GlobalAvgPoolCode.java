package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.GlobalAvgPool2dOp;

/** Global average pooling: the mean of each channel's plane; backward spreads each gradient evenly over it. */
final class GlobalAvgPoolCode implements LayerCode {
    private final LayerContext cx;
    private final GlobalAvgPool2dOp op;

    GlobalAvgPoolCode(LayerContext cx, GlobalAvgPool2dOp op) {
        this.cx = cx;
        this.op = op;
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": global average pooling of " + op.input().height() + "x" + op.input().width() + " planes";
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(cx.intConstant("CHANNELS", op.input().channels(), null));
        type.addField(cx.intConstant("PLANE", (long) op.input().height() * op.input().width(), null));
        String c = cx.constant("CHANNELS");
        String plane = cx.constant("PLANE");
        type.addMethod(cx.forwardSignature()
                .addJavadoc("$L\n", fusionNote())
                .addCode(CodeBlock.builder()
                        .add("// $L\n", cx.shapeComment())
                        .addStatement("float inv = 1f / $L", plane)
                        .beginControlFlow("for (int nc = n0 * $L, end = n1 * $L; nc < end; nc++)", c, c)
                        .addStatement("int base = nc * $L", plane)
                        .addStatement("float sum = 0f")
                        .beginControlFlow("for (int s = 0; s < $L; s++)", plane).addStatement("sum += in[base + s]").endControlFlow()
                        .addStatement("out[nc] = sum * inv")
                        .endControlFlow()
                        .build())
                .build());
        type.addMethod(cx.backwardSignature()
                .addJavadoc("Backward of $L\n", fusionNote())
                .addCode(CodeBlock.builder()
                        .beginControlFlow("if (gIn == null)").addStatement("return").endControlFlow()
                        .addStatement("float inv = 1f / $L", plane)
                        .beginControlFlow("for (int nc = n0 * $L, end = n1 * $L; nc < end; nc++)", c, c)
                        .addStatement("float d = gOut[nc] * inv")
                        .addStatement("int base = nc * $L", plane)
                        .beginControlFlow("for (int s = 0; s < $L; s++)", plane).addStatement("gIn[base + s] = d").endControlFlow()
                        .endControlFlow()
                        .build())
                .build());
    }
}
