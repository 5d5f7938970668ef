package dev.kiln.processor.writer.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.dsl.Activation;
import dev.kiln.spec.DenseOp;

/**
 * A fully connected layer. Forward is one GEMM over the worker's slice of images through the
 * runtime's {@code Gemm} (4 units x 2 images per register block, so each weight row is read once per
 * two images and each image row once per four units; Vector API where the JVM has it); backward
 * is two more GEMMs over the slice, {@code dW += dZ^T X} straight into the worker's gradients and
 * {@code dX = dZ W}, with {@code dZ} read through strides rather than copied.
 */
final class DenseCode implements LayerCode, FoldableCode {
    private static final ClassName GEMM = ClassName.get("dev.kiln.runtime.java", "Gemm");

    private final LayerContext cx;
    private final DenseOp l;
    private final int weightOffset;
    private final int biasOffset;
    /** The batch norm that {@code predict} folds into this layer and where its weights go, or null. */
    private FoldedWeights foldedWeights;

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
    public FoldableCode foldable() {
        return this;
    }

    @Override
    public void foldInto(LayerContext norm, long at) {
        this.foldedWeights = new FoldedWeights(cx, norm, at, l.weightCount(), "UNITS", "IN", l.bias());
    }

    @Override
    public long foldedSize() {
        return foldedWeights.size();
    }

    @Override
    public CodeBlock foldStatement() {
        return foldedWeights.statement();
    }

    @Override
    public CodeBlock foldedForwardCall(String in, String out) {
        return foldedWeights.call(in, out);
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
        if (foldedWeights != null) {
            foldedWeights.addConstants(type);
        }
        type.addMethod(forward(false));
        if (foldedWeights != null) {
            type.addMethod(forward(true));
        }
        type.addMethod(backward());
    }

    /**
     * Forward, or with {@code folded} predict's variant: the same GEMM with the weights and bias that have the
     * following batch norm folded in, and the norm's activation.
     */
    private MethodSpec forward(boolean folded) {
        Activation activation = folded ? foldedWeights.norm().activation() : cx.activation();
        String weights = folded ? "folded, " + c("FOLDED_WEIGHT") : "params, " + c("WEIGHT");
        String bias = folded ? "folded, " + c("FOLDED_BIAS") : l.bias() ? "params, " + c("BIAS") : "null, 0";
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        b.add("// out[n, u] = bias[u] + w[u, :] . x[n, :] for the slice's images: one GEMM, 4 units x 2 images per block\n");
        b.addStatement("$T.dotRows($L, $L, in, n0 * $L, n1 - n0, $L, $L, out, n0 * $L, 1, $L)", GEMM, weights,
                c("UNITS"), c("IN"), c("IN"), bias, c("UNITS"), c("UNITS"));
        if (activation != Activation.NONE) {
            b.add("// activation in place\n");
            b.beginControlFlow("for (int i = n0 * $L; i < n1 * $L; i++)", c("UNITS"), c("UNITS"));
            b.addStatement("float z = out[i]");
            b.addStatement("out[i] = $L", ActivationCode.apply(activation, "z"));
            b.endControlFlow();
        }
        String head = folded ? cx.name() + " with " + foldedWeights.norm().name() + " folded in (predict): dense " + l.units() + " + bias"
                + ActivationCode.plus(activation) : head();
        MethodSpec.Builder m = folded ? cx.forwardSignature(foldedWeights.forwardMethod(), "folded") : cx.forwardSignature();
        return m.addJavadoc("$L: one GEMM over the slice, then the activation in place.\n", head).addCode(b.build()).build();
    }

    private MethodSpec backward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L; gOut becomes the pre-activation gradient in place\n", cx.shapeComment());
        ActivationCode.derivativeInPlace(b, cx.activation(), "n0 * " + c("UNITS"), "n1 * " + c("UNITS"));
        b.add("// a frozen layer (setFrozen) skips its bias and weight gradients\n");
        b.beginControlFlow("if (!frozen[$L])", cx.index());
        if (l.bias()) {
            b.beginControlFlow("for (int n = n0; n < n1; n++)");
            b.beginControlFlow("for (int u = 0; u < $L; u++)", c("UNITS"))
                    .addStatement("grads[$L + u] += gOut[n * $L + u]", c("BIAS"), c("UNITS")).endControlFlow();
            b.endControlFlow();
        }
        b.add("// dW[u, i] += sum_n dZ[n, u] x[n, i]: one GEMM over the slice's images, dZ read as its transpose\n");
        b.addStatement("$T.matMul(gOut, n0 * $L, 1, $L, $L, n1 - n0, in, n0 * $L, $L, $L, grads, $L, true)", GEMM,
                c("UNITS"), c("UNITS"), c("UNITS"), c("IN"), c("IN"), c("IN"), c("WEIGHT"));
        b.endControlFlow();
        b.beginControlFlow("if (gIn != null)");
        b.add("// dX[n, :] = sum_u dZ[n, u] w[u, :]: one GEMM over the slice's images\n");
        b.addStatement("$T.matMul(gOut, n0 * $L, $L, 1, n1 - n0, $L, params, $L, $L, $L, gIn, n0 * $L, false)", GEMM,
                c("UNITS"), c("UNITS"), c("UNITS"), c("WEIGHT"), c("IN"), c("IN"), c("IN"));
        b.endControlFlow();
        return cx.backwardSignature().addJavadoc("Backward of $L: the weight and input gradients as GEMMs over the slice.\n", head())
                .addCode(b.build()).build();
    }
}
