package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.dsl.Activation;
import dev.kiln.spec.DenseOp;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/**
 * A fully connected layer. Forward is one GEMM over the worker's slice of images through the
 * runtime's {@code Gemm} (4 units x 2 images per register block, so each weight row is read once per
 * two images and each image row once per four units; Vector API where the JVM has it); backward
 * runs its weight and input gradients as axpy loops along the input dimension, over per-worker
 * arrays that start at index 0 (the form HotSpot vectorises), skipping zero gradients.
 */
final class DenseCode implements LayerCode {
    private static final com.palantir.javapoet.ClassName GEMM = com.palantir.javapoet.ClassName.get("dev.kiln.runtime.java", "Gemm");

    private final LayerContext cx;
    private final DenseOp l;
    private final int weightOffset;
    private final int biasOffset;

    DenseCode(LayerContext cx, DenseOp op, int weightOffset, int biasOffset) {
        this.cx = cx;
        this.l = op;
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

    private String f(String suffix) {
        return cx.ident(suffix);
    }

    @Override
    public void addConstruction(CodeBlock.Builder constructor) {
        constructor.addStatement("this.$L = new float[workers][$L][$L]", f("WeightGrad"), c("UNITS"), c("IN"));
        constructor.addStatement("this.$L = new float[workers][$L]", f("InputRow"), c("IN"));
        constructor.addStatement("this.$L = new float[workers][$L]", f("GradInputRow"), c("IN"));
        constructor.addStatement("this.$L = new float[$L][$L]", f("WeightRows"), c("UNITS"), c("IN"));
    }

    @Override
    public void addBeforeBackward(CodeBlock.Builder backward) {
        backward.add("// $L.weight as rows, for the input gradient's axpy loops\n", cx.name());
        backward.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"));
        backward.addStatement("System.arraycopy(params, $L + u * $L, $L[u], 0, $L)", c("WEIGHT"), c("IN"), f("WeightRows"), c("IN"));
        backward.endControlFlow();
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(float[][][].class, f("WeightGrad"), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Each worker's $L.weight gradient over its slice, (units, in), added to its gradients at the end.\n",
                        cx.name()).build());
        type.addField(FieldSpec.builder(float[][].class, f("InputRow"), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Each worker's copy of one input row of $L.\n", cx.name()).build());
        type.addField(FieldSpec.builder(float[][].class, f("GradInputRow"), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Each worker's input gradient of one image of $L.\n", cx.name()).build());
        type.addField(FieldSpec.builder(float[][].class, f("WeightRows"), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L.weight copied row by row before backward, (units, in).\n", cx.name()).build());
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

    private MethodSpec forward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        b.add("// out[n, u] = bias[u] + w[u, :] . x[n, :] for the slice's images: one GEMM, 4 units x 2 images per block\n");
        b.addStatement("$T.dotRows(params, $L, $L, in, n0 * $L, n1 - n0, $L, $L, out, n0 * $L, 1, $L)", GEMM, c("WEIGHT"),
                c("UNITS"), c("IN"), c("IN"), l.bias() ? "params, " + c("BIAS") : "null, 0", c("UNITS"), c("UNITS"));
        if (cx.activation() != Activation.NONE) {
            b.add("// activation in place\n");
            b.beginControlFlow("for (int i = n0 * $L; i < n1 * $L; i++)", c("UNITS"), c("UNITS"));
            b.addStatement("float z = out[i]");
            b.addStatement("out[i] = $L", ActivationCode.apply(cx.activation(), "z"));
            b.endControlFlow();
        }
        return cx.forwardSignature().addJavadoc("$L: one GEMM over the slice, then the activation in place.\n", head())
                .addCode(b.build()).build();
    }

    private MethodSpec backward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L; gOut becomes the pre-activation gradient in place\n", cx.shapeComment());
        b.addStatement("float[][] dW = $L[worker]", f("WeightGrad"));
        b.addStatement("float[] x = $L[worker]", f("InputRow"));
        b.addStatement("float[] g = $L[worker]", f("GradInputRow"));
        b.addStatement("boolean learns = !frozen[$L]", cx.index());
        b.beginControlFlow("if (learns)");
        b.beginControlFlow("for (float[] d : dW)").addStatement("$T.fill(d, 0f)", Arrays.class).endControlFlow();
        b.endControlFlow();
        b.beginControlFlow("for (int n = n0; n < n1; n++)");
        b.addStatement("int inBase = n * $L", c("IN"));
        b.addStatement("int outBase = n * $L", c("UNITS"));
        String deriv = ActivationCode.derivative(cx.activation(), "gOut[i]", "out[i]");
        if (deriv != null) {
            b.beginControlFlow("for (int i = outBase; i < outBase + $L; i++)", c("UNITS")).addStatement("gOut[i] = $L", deriv).endControlFlow();
        }
        b.add("// a frozen layer (setFrozen) skips its bias and weight gradients\n");
        b.beginControlFlow("if (learns)");
        b.addStatement("System.arraycopy(in, inBase, x, 0, $L)", c("IN"));
        b.add("// dW[u, :] += dZ[u] x; db[u] += dZ[u]\n");
        b.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"));
        b.addStatement("float dz = gOut[outBase + u]");
        if (l.bias()) {
            b.addStatement("grads[$L + u] += dz", c("BIAS"));
        }
        b.beginControlFlow("if (dz == 0f)").addStatement("continue").endControlFlow();
        b.addStatement("float[] d = dW[u]");
        b.beginControlFlow("for (int i = 0; i < $L; i++)", c("IN")).addStatement("d[i] += dz * x[i]").endControlFlow();
        b.endControlFlow();
        b.endControlFlow();
        b.beginControlFlow("if (gIn == null)").addStatement("continue").endControlFlow();
        b.add("// dX = W^T dZ, row by row of W\n");
        b.addStatement("$T.fill(g, 0f)", Arrays.class);
        b.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"));
        b.addStatement("float dz = gOut[outBase + u]");
        b.beginControlFlow("if (dz == 0f)").addStatement("continue").endControlFlow();
        b.addStatement("float[] wr = $L[u]", f("WeightRows"));
        b.beginControlFlow("for (int i = 0; i < $L; i++)", c("IN")).addStatement("g[i] += dz * wr[i]").endControlFlow();
        b.endControlFlow();
        b.addStatement("System.arraycopy(g, 0, gIn, inBase, $L)", c("IN"));
        b.endControlFlow();
        b.add("// the slice's weight gradient into the worker's gradients\n");
        b.beginControlFlow("if (learns)");
        b.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"));
        b.addStatement("float[] d = dW[u]");
        b.addStatement("int wRow = $L + u * $L", c("WEIGHT"), c("IN"));
        b.beginControlFlow("for (int i = 0; i < $L; i++)", c("IN")).addStatement("grads[wRow + i] += d[i]").endControlFlow();
        b.endControlFlow();
        b.endControlFlow();
        return cx.backwardSignature().addJavadoc("Backward of $L.\n", head()).addCode(b.build()).build();
    }
}
