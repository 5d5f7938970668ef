package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.DenseOp;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/**
 * A fully connected layer. Forward takes four images at a time so that each weight row is read
 * once per four dot products (the FashionCnn's 3136 x 128 matrix does not fit in L2); backward
 * runs its weight and input gradients as axpy loops along the input dimension, over per-worker
 * arrays that start at index 0 (the form HotSpot vectorises), skipping zero gradients.
 */
final class DenseCode implements LayerCode {
    /** From this many units up, forward sweeps the units (vectorised) instead of taking dot products. */
    static final int WIDE_UNITS = 16;

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
        if (wide()) {
            constructor.addStatement("this.$L = new float[$L][$L]", f("WeightColumns"), c("IN"), c("UNITS"));
            constructor.addStatement("this.$L = new float[workers][$L]", f("Acc"), c("UNITS"));
        }
    }

    /** Wide layers run forward as axpy loops over units, on the transposed weights. */
    private boolean wide() {
        return l.units() >= WIDE_UNITS;
    }

    @Override
    public void addBeforeForward(CodeBlock.Builder forward) {
        if (wide()) {
            forward.add("// $L.weight transposed to (in, units) rows\n", cx.name());
            forward.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"));
            forward.addStatement("int wRow = $L + u * $L", c("WEIGHT"), c("IN"));
            forward.beginControlFlow("for (int i = 0; i < $L; i++)", c("IN"));
            forward.addStatement("$L[i][u] = params[wRow + i]", f("WeightColumns"));
            forward.endControlFlow().endControlFlow();
        }
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
        if (wide()) {
            type.addField(FieldSpec.builder(float[][].class, f("WeightColumns"), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L.weight transposed before forward, (in, units).\n", cx.name()).build());
            type.addField(FieldSpec.builder(float[][].class, f("Acc"), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's pre-activations of one image of $L.\n", cx.name()).build());
        }
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
        return wide() ? wideForward() : dotForward();
    }

    private MethodSpec wideForward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        b.addStatement("float[] acc = $L[worker]", f("Acc"));
        b.beginControlFlow("for (int n = n0; n < n1; n++)");
        b.addStatement("int inBase = n * $L", c("IN"));
        if (l.bias()) {
            b.addStatement("System.arraycopy(params, $L, acc, 0, $L)", c("BIAS"), c("UNITS"));
        } else {
            b.addStatement("$T.fill(acc, 0f)", Arrays.class);
        }
        b.add("// acc += x[i] w[:, i], skipping zero inputs (ReLU, dropout)\n");
        b.beginControlFlow("for (int i = 0; i < $L; i++)", c("IN"));
        b.addStatement("float xi = in[inBase + i]");
        b.beginControlFlow("if (xi == 0f)").addStatement("continue").endControlFlow();
        b.addStatement("float[] wc = $L[i]", f("WeightColumns"));
        b.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS")).addStatement("acc[u] += xi * wc[u]").endControlFlow();
        b.endControlFlow();
        b.addStatement("int outBase = n * $L", c("UNITS"));
        b.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"));
        b.addStatement("float z = acc[u]");
        b.addStatement("out[outBase + u] = $L", ActivationCode.apply(cx.activation(), "z"));
        b.endControlFlow();
        b.endControlFlow();
        return cx.forwardSignature().addJavadoc("$L, fused in one pass.\n", head()).addCode(b.build()).build();
    }

    private MethodSpec dotForward() {
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
