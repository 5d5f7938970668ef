package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.LayerSpec;
import java.util.Arrays;

/**
 * A fully connected layer. Forward takes four images at a time so that each weight row is read
 * once per four dot products (the FashionCnn's 3136 x 128 matrix does not fit in L2); backward
 * runs its weight and input gradients as axpy loops along the contiguous input dimension.
 */
final class DenseCode implements LayerCode {
    private final LayerContext cx;
    private final LayerSpec l;
    private final int weightOffset;
    private final int biasOffset;

    DenseCode(LayerContext cx, int weightOffset, int biasOffset) {
        this.cx = cx;
        this.l = cx.layer();
        this.weightOffset = weightOffset;
        this.biasOffset = biasOffset;
    }

    private String c(String s) {
        return cx.constant(s);
    }

    private String head() {
        return cx.name() + ": dense " + l.units() + (l.bias() ? " + bias" : "") + ActivationCode.plus(cx.activation());
    }

    @Override
    public String fusionNote() {
        return head() + " in one pass" + ActivationCode.backwardNote(cx.activation());
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(cx.intConstant("IN", l.input().size(), null));
        type.addField(cx.intConstant("UNITS", l.units(), null));
        type.addField(cx.intConstant("WEIGHT", weightOffset, cx.name() + ".weight (" + l.units() + ", "
                + l.input().size() + ") offset in the flat parameters"));
        if (l.bias()) {
            type.addField(cx.intConstant("BIAS", biasOffset, cx.name() + ".bias (" + l.units() + ") offset in the flat parameters"));
        }
        type.addMethod(forward());
        type.addMethod(backward());
    }

    private String bias() {
        return l.bias() ? "params[" + c("BIAS") + " + u]" : "0f";
    }

    private MethodSpec forward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        b.addStatement("int n = n0");
        b.add("// four images share each weight row\n");
        b.beginControlFlow("for (; n + 4 <= n1; n += 4)");
        b.addStatement("int in0 = n * $L", c("IN"));
        b.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"));
        b.addStatement("int wRow = $L + u * $L", c("WEIGHT"), c("IN"));
        b.addStatement("float z0 = $L, z1 = z0, z2 = z0, z3 = z0", bias());
        b.beginControlFlow("for (int i = 0; i < $L; i++)", c("IN"));
        b.addStatement("float wi = params[wRow + i]");
        b.addStatement("z0 += wi * in[in0 + i]");
        b.addStatement("z1 += wi * in[in0 + $L + i]", c("IN"));
        b.addStatement("z2 += wi * in[in0 + 2 * $L + i]", c("IN"));
        b.addStatement("z3 += wi * in[in0 + 3 * $L + i]", c("IN"));
        b.endControlFlow();
        for (int j = 0; j < 4; j++) {
            b.addStatement("out[(n + $L) * $L + u] = $L", j, c("UNITS"), ActivationCode.apply(cx.activation(), "z" + j));
        }
        b.endControlFlow();
        b.endControlFlow();
        b.beginControlFlow("for (; n < n1; n++)");
        b.addStatement("int inBase = n * $L", c("IN"));
        b.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"));
        b.addStatement("int wRow = $L + u * $L", c("WEIGHT"), c("IN"));
        b.addStatement("float z = $L", bias());
        b.beginControlFlow("for (int i = 0; i < $L; i++)", c("IN")).addStatement("z += params[wRow + i] * in[inBase + i]").endControlFlow();
        b.addStatement("out[n * $L + u] = $L", c("UNITS"), ActivationCode.apply(cx.activation(), "z"));
        b.endControlFlow();
        b.endControlFlow();
        return cx.forwardSignature().addJavadoc("$L, fused in one pass.\n", head()).addCode(b.build()).build();
    }

    private MethodSpec backward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L; gOut becomes the pre-activation gradient in place\n", cx.shapeComment());
        b.beginControlFlow("for (int n = n0; n < n1; n++)");
        b.addStatement("int inBase = n * $L", c("IN"));
        b.addStatement("int outBase = n * $L", c("UNITS"));
        String deriv = ActivationCode.derivative(cx.activation(), "gOut[i]", "out[i]");
        if (deriv != null) {
            b.beginControlFlow("for (int i = outBase; i < outBase + $L; i++)", c("UNITS")).addStatement("gOut[i] = $L", deriv).endControlFlow();
        }
        b.add("// dW[u, :] += dZ[u] x; db[u] += dZ[u]\n");
        b.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"));
        b.addStatement("float dz = gOut[outBase + u]");
        if (l.bias()) {
            b.addStatement("grads[$L + u] += dz", c("BIAS"));
        }
        b.addStatement("int wRow = $L + u * $L", c("WEIGHT"), c("IN"));
        b.beginControlFlow("for (int i = 0; i < $L; i++)", c("IN")).addStatement("grads[wRow + i] += dz * in[inBase + i]").endControlFlow();
        b.endControlFlow();
        b.beginControlFlow("if (gIn == null)").addStatement("continue").endControlFlow();
        b.add("// dX = W^T dZ, row by row of W\n");
        b.addStatement("$T.fill(gIn, inBase, inBase + $L, 0f)", Arrays.class, c("IN"));
        b.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"));
        b.addStatement("float dz = gOut[outBase + u]");
        b.addStatement("int wRow = $L + u * $L", c("WEIGHT"), c("IN"));
        b.beginControlFlow("for (int i = 0; i < $L; i++)", c("IN")).addStatement("gIn[inBase + i] += dz * params[wRow + i]").endControlFlow();
        b.endControlFlow();
        b.endControlFlow();
        return cx.backwardSignature().addJavadoc("Backward of $L.\n", head()).addCode(b.build()).build();
    }
}
