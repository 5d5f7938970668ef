package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeSpec;

/** Flatten: the channel-major layout is already flat, so forward and backward copy the slice. */
final class FlattenCode implements LayerCode {
    private final LayerContext cx;

    FlattenCode(LayerContext cx) {
        this.cx = cx;
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": flatten, a copy of the slice (the layout is already channel-major)";
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(cx.intConstant("SIZE", cx.layer().output().size(), null));
        String size = cx.constant("SIZE");
        type.addMethod(cx.forwardSignature()
                .addJavadoc("$L\n", fusionNote())
                .addCode(CodeBlock.builder()
                        .add("// $L\n", cx.shapeComment())
                        .addStatement("System.arraycopy(in, n0 * $L, out, n0 * $L, (n1 - n0) * $L)", size, size, size)
                        .build())
                .build());
        type.addMethod(cx.backwardSignature()
                .addJavadoc("Backward of $L\n", fusionNote())
                .addCode(CodeBlock.builder()
                        .beginControlFlow("if (gIn != null)")
                        .addStatement("System.arraycopy(gOut, n0 * $L, gIn, n0 * $L, (n1 - n0) * $L)", size, size, size)
                        .endControlFlow()
                        .build())
                .build());
    }
}
