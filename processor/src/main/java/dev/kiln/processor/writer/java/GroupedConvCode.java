package dev.kiln.processor.writer.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.Window;
import dev.kiln.spec.rewrite.Fold;
import java.util.Arrays;
import javax.lang.model.element.Modifier;

/**
 * A grouped convolution ({@code groups > 1}; depthwise when each group is one channel) in plain loops: filter
 * {@code f} reads the {@code C / groups} channels of its group. The window arithmetic lives in a tap table
 * built once per class: entry {@code (kk, p)} names the element of a channel plane that output position
 * {@code p} reads through kernel position {@code kk = ky kw + kx}, or -1 in zero padding (replicate clamps it
 * to the edge). Forward, the weight gradient and the input gradient all walk that table. Each output plane
 * is accumulated one weight at a time along the positions; backward collects each weight's gradient along the
 * positions and scatters {@code w dZ} into the input gradient.
 */
final class GroupedConvCode implements LayerCode, FoldableCode {
    private static final ClassName FOLD = ClassName.get(Fold.class);

    private final LayerContext cx;
    private final Conv2dOp l;
    private final Window w;
    private final int weightOffset;
    private final int biasOffset;
    /** The batch norm that {@code predict} folds into this conv, or null. */
    private LayerContext foldedNorm;
    private long foldedAt;

    GroupedConvCode(LayerContext cx, Conv2dOp op, int weightOffset, int biasOffset) {
        this.cx = cx;
        this.l = op;
        this.w = op.window();
        this.weightOffset = weightOffset;
        this.biasOffset = biasOffset;
    }

    private String c(String s) {
        return cx.constant(s);
    }

    private long filterSize() {
        return (long) l.groupChannels() * w.kernelH() * w.kernelW();
    }

    @Override
    public FoldableCode foldable() {
        return this;
    }

    @Override
    public void foldInto(LayerContext norm, long at) {
        this.foldedNorm = norm;
        this.foldedAt = at;
    }

    @Override
    public long foldedSize() {
        return l.filters() * filterSize() + l.filters();
    }

    @Override
    public CodeBlock foldStatement() {
        LayerContext n = foldedNorm;
        return CodeBlock.of("$T.fold(params, $L, $L, $L, $L, $L, $L, state, $L, $L, $L, folded, $L, $L);\n",
                FOLD, c("WEIGHT"), l.bias() ? c("BIAS") : "-1", c("FILTERS"), c("FILTER_SIZE"), n.constant("WEIGHT"),
                n.constant("BIAS"), n.constant("RUNNING_MEAN"), n.constant("RUNNING_VAR"), n.constant("EPS"),
                c("FOLDED_WEIGHT"), c("FOLDED_BIAS"));
    }

    @Override
    public CodeBlock foldedForwardCall(String in, String out) {
        return CodeBlock.of("$L(folded, $L, $L, n0, n1, worker);\n", foldedForwardMethod(), in, out);
    }

    private String foldedForwardMethod() {
        return cx.ident("ForwardFolded");
    }

    private String tapsMethod() {
        return cx.ident("TapTable");
    }

    private String head(boolean folded) {
        String groups = l.groupChannels() == 1 ? "depthwise" : l.groups() + " groups";
        if (folded) {
            return cx.name() + " with " + foldedNorm.name() + " folded in (predict): conv " + l.filters() + " x "
                    + w.kernelText() + ", " + groups + " + bias" + ActivationCode.plus(foldedNorm.activation());
        }
        return cx.name() + ": conv " + l.filters() + " x " + w.kernelText() + ", " + groups + (l.bias() ? " + bias" : "")
                + ActivationCode.plus(cx.activation());
    }

    @Override
    public String fusionNote() {
        return head(false) + ", plain loops over a tap table" + ActivationCode.backwardNote(cx.activation());
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(cx.intConstant("IN_PLANE", (long) l.input().height() * l.input().width(), null));
        type.addField(cx.intConstant("IN_SIZE", l.input().size(), null));
        type.addField(cx.intConstant("FILTERS", l.filters(), null));
        type.addField(cx.intConstant("GROUP_C", l.groupChannels(), cx.name() + " input channels per group"));
        type.addField(cx.intConstant("GROUP_F", l.groupFilters(), cx.name() + " filters per group"));
        type.addField(cx.intConstant("P", (long) l.output().height() * l.output().width(), cx.name() + " output positions per channel"));
        type.addField(cx.intConstant("OUT_SIZE", l.output().size(), null));
        type.addField(cx.intConstant("TAPS", (long) w.kernelH() * w.kernelW(), cx.name() + " kernel positions " + w.kernelText()));
        type.addField(cx.intConstant("FILTER_SIZE", filterSize(), cx.name() + " weights per filter: group channels x kernel"));
        type.addField(cx.intConstant("WEIGHT", weightOffset, cx.name() + ".weight (" + l.filters() + ", " + l.groupChannels()
                + ", " + w.kernelH() + ", " + w.kernelW() + ") offset in the flat parameters"));
        if (l.bias()) {
            type.addField(cx.intConstant("BIAS", biasOffset, cx.name() + ".bias (" + l.filters() + ") offset in the flat parameters"));
        }
        if (foldedNorm != null) {
            type.addField(cx.intConstant("FOLDED_WEIGHT", foldedAt, cx.name() + ".weight with " + foldedNorm.name()
                    + " folded in: offset in folded"));
            type.addField(cx.intConstant("FOLDED_BIAS", foldedAt + l.filters() * filterSize(), cx.name() + "'s bias with "
                    + foldedNorm.name() + " folded in: offset in folded"));
        }
        type.addField(FieldSpec.builder(int[].class, c("TAP"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L()", tapsMethod())
                .addJavadoc("For each kernel position {@code kk} and output position {@code p}: the plane element read$L.\n",
                        l.paddingMode() == PaddingMode.ZEROS ? ", or -1 for zero padding" : " (replicate: clamped to the edge)")
                .build());
        type.addMethod(taps());
        type.addMethod(forward(false));
        if (foldedNorm != null) {
            type.addMethod(forward(true));
        }
        type.addMethod(backward());
    }

    private MethodSpec taps() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// stride $Lx$L, padding top $L left $L, dilation $Lx$L, $L\n", w.strideH(), w.strideW(), w.padTop(), w.padLeft(),
                w.dilationH(), w.dilationW(), l.paddingMode() == PaddingMode.ZEROS ? "zeros outside" : "replicated edges outside");
        b.addStatement("int[] table = new int[$L * $L]", c("TAPS"), c("P"));
        b.beginControlFlow("for (int ky = 0; ky < $L; ky++)", w.kernelH());
        b.beginControlFlow("for (int kx = 0; kx < $L; kx++)", w.kernelW());
        b.beginControlFlow("for (int oy = 0; oy < $L; oy++)", l.output().height());
        b.beginControlFlow("for (int ox = 0; ox < $L; ox++)", l.output().width());
        b.addStatement("int iy = oy * $L - $L + ky * $L", w.strideH(), w.padTop(), w.dilationH());
        b.addStatement("int ix = ox * $L - $L + kx * $L", w.strideW(), w.padLeft(), w.dilationW());
        b.addStatement("int at = (ky * $L + kx) * $L + oy * $L + ox", w.kernelW(), c("P"), l.output().width());
        if (l.paddingMode() == PaddingMode.ZEROS) {
            b.addStatement("boolean inside = iy >= 0 && iy < $L && ix >= 0 && ix < $L", l.input().height(), l.input().width());
            b.addStatement("table[at] = inside ? iy * $L + ix : -1", l.input().width());
        } else {
            b.addStatement("table[at] = Math.min(Math.max(iy, 0), $L) * $L + Math.min(Math.max(ix, 0), $L)",
                    l.input().height() - 1, l.input().width(), l.input().width() - 1);
        }
        b.endControlFlow().endControlFlow().endControlFlow().endControlFlow();
        b.addStatement("return table");
        return MethodSpec.methodBuilder(tapsMethod()).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(int[].class).addCode(b.build()).build();
    }

    private String read(String src, String array) {
        return l.paddingMode() == PaddingMode.ZEROS ? src + " < 0 ? 0f : " + array + "[plane + " + src + "]"
                : array + "[plane + " + src + "]";
    }

    /** Forward, or with {@code folded} predict's variant on the weights with the next batch norm folded in. */
    private MethodSpec forward(boolean folded) {
        String weights = folded ? "folded" : "params";
        String weight = c(folded ? "FOLDED_WEIGHT" : "WEIGHT");
        Activation activation = folded ? foldedNorm.activation() : cx.activation();
        boolean bias = folded || l.bias();
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        b.beginControlFlow("for (int n = n0; n < n1; n++)");
        b.addStatement("int inBase = n * $L", c("IN_SIZE"));
        b.addStatement("int outBase = n * $L", c("OUT_SIZE"));
        b.beginControlFlow("for (int oc = 0; oc < $L; oc++)", c("FILTERS"));
        b.addStatement("int o = outBase + oc * $L", c("P"));
        b.addStatement("$T.fill(out, o, o + $L, $L)", Arrays.class, c("P"),
                bias ? weights + "[" + c(folded ? "FOLDED_BIAS" : "BIAS") + " + oc]" : "0f");
        b.add("// the filter's group of input channels\n");
        b.addStatement("int group = inBase + oc / $L * $L * $L", c("GROUP_F"), c("GROUP_C"), c("IN_PLANE"));
        b.addStatement("int row = $L + oc * $L", weight, c("FILTER_SIZE"));
        b.beginControlFlow("for (int ch = 0; ch < $L; ch++)", c("GROUP_C"));
        b.addStatement("int plane = group + ch * $L", c("IN_PLANE"));
        b.beginControlFlow("for (int kk = 0; kk < $L; kk++)", c("TAPS"));
        b.addStatement("float wv = $L[row + ch * $L + kk]", weights, c("TAPS"));
        b.addStatement("int t = kk * $L", c("P"));
        b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
        b.addStatement("int src = $L[t + p]", c("TAP"));
        if (l.paddingMode() == PaddingMode.ZEROS) {
            b.beginControlFlow("if (src >= 0)").addStatement("out[o + p] += wv * in[plane + src]").endControlFlow();
        } else {
            b.addStatement("out[o + p] += wv * in[plane + src]");
        }
        b.endControlFlow().endControlFlow().endControlFlow().endControlFlow();
        ActivationCode.applyInPlace(b, activation, "out", "outBase", "outBase + " + c("OUT_SIZE"));
        b.endControlFlow();
        MethodSpec.Builder m = folded ? cx.forwardSignature(foldedForwardMethod(), "folded") : cx.forwardSignature();
        return m.addJavadoc("$L.\n", head(folded)).addCode(b.build()).build();
    }

    private MethodSpec backward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L; gOut becomes the pre-activation gradient in place.\n", cx.shapeComment());
        b.addStatement("boolean learns = !frozen[$L]", cx.index());
        b.beginControlFlow("for (int n = n0; n < n1; n++)");
        b.addStatement("int inBase = n * $L", c("IN_SIZE"));
        b.addStatement("int outBase = n * $L", c("OUT_SIZE"));
        ActivationCode.derivativeInPlace(b, cx.activation(), "outBase", "outBase + " + c("OUT_SIZE"));
        b.beginControlFlow("if (gIn != null)")
                .addStatement("$T.fill(gIn, inBase, inBase + $L, 0f)", Arrays.class, c("IN_SIZE")).endControlFlow();
        b.beginControlFlow("for (int oc = 0; oc < $L; oc++)", c("FILTERS"));
        b.addStatement("int o = outBase + oc * $L", c("P"));
        if (l.bias()) {
            b.add("// a frozen layer (setFrozen) skips its bias and weight gradients\n");
            b.beginControlFlow("if (learns)");
            b.addStatement("float db = 0f");
            b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P")).addStatement("db += gOut[o + p]").endControlFlow();
            b.addStatement("grads[$L + oc] += db", c("BIAS"));
            b.endControlFlow();
        }
        b.addStatement("int group = inBase + oc / $L * $L * $L", c("GROUP_F"), c("GROUP_C"), c("IN_PLANE"));
        b.addStatement("int row = $L + oc * $L", c("WEIGHT"), c("FILTER_SIZE"));
        b.beginControlFlow("for (int ch = 0; ch < $L; ch++)", c("GROUP_C"));
        b.addStatement("int plane = group + ch * $L", c("IN_PLANE"));
        b.beginControlFlow("for (int kk = 0; kk < $L; kk++)", c("TAPS"));
        b.addStatement("int wi = row + ch * $L + kk", c("TAPS"));
        b.addStatement("int t = kk * $L", c("P"));
        b.beginControlFlow("if (learns)");
        b.add("// dW[oc, ch, kk] += sum_p dZ[oc, p] x[tap(kk, p)]\n");
        b.addStatement("float dw = 0f");
        b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
        b.addStatement("int src = $L[t + p]", c("TAP"));
        b.addStatement("dw += gOut[o + p] * ($L)", read("src", "in"));
        b.endControlFlow();
        b.addStatement("grads[wi] += dw");
        b.endControlFlow();
        b.beginControlFlow("if (gIn != null)");
        b.add("// dX[tap(kk, p)] += w[oc, ch, kk] dZ[oc, p]\n");
        b.addStatement("float wv = params[wi]");
        b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
        b.addStatement("int src = $L[t + p]", c("TAP"));
        if (l.paddingMode() == PaddingMode.ZEROS) {
            b.beginControlFlow("if (src >= 0)").addStatement("gIn[plane + src] += wv * gOut[o + p]").endControlFlow();
        } else {
            b.addStatement("gIn[plane + src] += wv * gOut[o + p]");
        }
        b.endControlFlow().endControlFlow();
        b.endControlFlow().endControlFlow().endControlFlow().endControlFlow();
        return cx.backwardSignature()
                .addJavadoc("Backward of $L: activation derivative, bias, weight and input gradients.\n", head(false))
                .addCode(b.build())
                .build();
    }
}
