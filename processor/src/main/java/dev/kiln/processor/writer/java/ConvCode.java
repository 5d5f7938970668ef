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
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A convolution as im2col plus a small GEMM per image. The window arithmetic (stride, padding on
 * each side, replicate, dilation) lives only in a gather table built once per class: entry
 * {@code (p, k)} names the input element that output position {@code p} reads through kernel
 * element {@code k = (c, ky, kx)}, or -1 for zero padding. Forward, weight gradient and col2im all
 * walk that table, so they cannot disagree about the window.
 *
 * <p>Forward is one GEMM per image through the runtime's {@code Gemm} (register-blocked Vector API
 * micro-kernels where the JVM has the module, plain loops otherwise): along the output positions when
 * a plane has at least {@link #WIDE_PLANE} of them, as dot products over {@code k} otherwise (e.g.
 * LeNet's 1x1 {@code c5}), so that it is never a loop of length one; the activation follows in place.
 * Backward of a wide plane is two more GEMMs per image through the same runtime: the weight gradient
 * {@code dW += dZ col^T} ({@code Gemm.matMulTransB}, straight into the worker's gradients) and the
 * im2col gradient {@code dCol = W^T dZ} ({@code Gemm.matMul}, reading the weights column-wise, no
 * transposed copy), then col2im through the table. A small plane works on the transposed matrix
 * {@code (P, K)} instead: both gradients become axpy loops along {@code k}, skipping the zeros that
 * ReLU leaves in {@code dZ}.
 */
final class ConvCode implements LayerCode, FoldableCode {
    static final int WIDE_PLANE = 16;
    /** The padding of K in the along-K weight-gradient layout: whole vectors of 16 (AVX-512) or 8 (AVX2) lanes. */
    static final int K_ALIGN = 16;
    private static final ClassName GEMM = ClassName.get("dev.kiln.runtime.java", "Gemm");
    static final ClassName CONVOLUTION = ClassName.get("dev.kiln.runtime.java.conv", "Convolution");
    private static final ClassName CONV_SHAPE = ClassName.get("dev.kiln.runtime.java.conv", "ConvShape");
    private static final ClassName METHOD = CONVOLUTION.nestedClass("Method");

    private final LayerContext cx;
    private final Conv2dOp l;
    private final Window w;
    private final int weightOffset;
    private final int biasOffset;

    /** The batch norm that {@code predict} folds into this conv and where its weights go, or null. */
    private FoldedWeights foldedWeights;
    /** The add that predict computes in this conv's folded kernel call as well (residual fusion), or null. */
    private LayerContext fusedAdd;

    ConvCode(LayerContext cx, Conv2dOp op, int weightOffset, int biasOffset) {
        this.cx = cx;
        this.l = op;
        this.w = l.window();
        this.weightOffset = weightOffset;
        this.biasOffset = biasOffset;
    }

    /** Weights per filter: one group's input channels times the kernel (all input channels with one group). */
    private long k() {
        return (long) l.groupChannels() * w.kernelH() * w.kernelW();
    }

    private long p() {
        return (long) l.output().height() * l.output().width();
    }

    private boolean wide() {
        return p() >= WIDE_PLANE;
    }

    private String c(String s) {
        return cx.constant(s);
    }

    @Override
    public FoldableCode foldable() {
        return this;
    }

    @Override
    public void foldInto(LayerContext norm, long at) {
        this.foldedWeights = new FoldedWeights(cx, norm, at, l.weightCount(), "FILTERS", "K", l.bias());
    }

    @Override
    public long foldedSize() {
        return foldedWeights.size();
    }

    /**
     * The fold statement, then (on the runtime kernels) the folded weights put in the form the layer's forward method
     * reads.
     */
    @Override
    public CodeBlock foldStatement() {
        CodeBlock.Builder b = CodeBlock.builder().add(foldedWeights.statement());
        if (kernel()) {
            b.addStatement("$L.prepareWeights(folded, $L, $L, 0)", convolutionConstant(), c("FOLDED_WEIGHT"), foldedPreparedField());
        }
        return b.build();
    }

    @Override
    public CodeBlock foldedForwardCall(String in, String out) {
        return foldedForwardCall(in, out, "n0", "n1", "0", "1", "worker");
    }

    /** The same call for images {@code [n0, n1)}, part {@code part} of {@code parts} of each image's work (kernel convs only). */
    CodeBlock foldedForwardCall(String in, String out, String n0, String n1, String part, String parts, String worker) {
        if (kernel()) {
            return CodeBlock.of("$L(folded, $L, $L, $L, $L, $L, $L, $L);\n", foldedWeights.forwardMethod(), in, out, n0, n1, worker, part,
                    parts);
        }
        return CodeBlock.of("$L(folded, $L, $L, $L, $L, $L);\n", foldedWeights.forwardMethod(), in, out, n0, n1, worker);
    }

    @Override
    public CodeBlock forwardCall(LayerContext cx, List<String> ins, String out) {
        return forwardCall(ins.get(0), out, "n0", "n1", "0", "1", "worker");
    }

    /** The forward call for images {@code [n0, n1)}, part {@code part} of {@code parts} of each image's work (kernel convs only). */
    CodeBlock forwardCall(String in, String out, String n0, String n1, String part, String parts, String worker) {
        if (kernel()) {
            return CodeBlock.of("$L(stepParams, $L, $L, $L, $L, $L, $L, $L);\n", cx.forwardMethod(), in, out, n0, n1, worker, part, parts);
        }
        return CodeBlock.of("$L(stepParams, $L, $L, $L, $L, $L);\n", cx.forwardMethod(), in, out, n0, n1, worker);
    }

    /** Makes predict's folded call of this conv compute {@code add} too: the other operand added and its activation applied as it stores. */
    void fuseResidual(LayerContext add) {
        this.fusedAdd = add;
    }

    private String residualForwardMethod() {
        return cx.ident("ForwardFoldedAdd");
    }

    /** The fused call: images {@code [n0, n1)}, {@code res} the add's other operand, {@code out} the add's output. */
    CodeBlock residualForwardCall(String in, String res, String out, String n0, String n1, String part, String parts, String worker) {
        return CodeBlock.of("$L(folded, $L, $L, $L, $L, $L, $L, $L, $L);\n", residualForwardMethod(), in, res, out, n0, n1, worker, part,
                parts);
    }

    /**
     * Whether predict may split one image's forward of this conv over the workers ({@code parts}): every conv on the
     * runtime kernels. Where the kernels cannot apply its activation as they store ({@link #storesActivation}), a split
     * forward leaves it out and predict applies {@link #activationAfterParts} once all parts are done, itself split.
     */
    boolean splits() {
        return kernel();
    }

    /** Whether the kernels apply this conv's activation (the folded norm's where folded) as they store: none, or ReLU. */
    boolean storesActivation(boolean folded) {
        Activation a = activation(folded);
        return a == Activation.NONE || a == Activation.RELU;
    }

    /** The activation a forward split into parts leaves to its caller: none where the kernels store it. */
    Activation activationAfterParts(boolean folded) {
        return storesActivation(folded) ? Activation.NONE : activation(folded);
    }

    /** The constant of this conv's output floats per image (the folded norm's too). */
    String outSizeConstant() {
        return c("OUT_SIZE");
    }

    private Activation activation(boolean folded) {
        return folded ? foldedWeights.norm().activation() : cx.activation();
    }

    /** Whether predict folds a batch norm into this conv. */
    boolean folds() {
        return foldedWeights != null;
    }

    /**
     * Whether this conv runs on the runtime's convolution kernels ({@code dev.kiln.runtime.java.conv}): every conv but an
     * ungrouped one whose window is its whole input (LeNet's c5), which stays one dense GEMM over the images. Grouped and
     * depthwise convs always do (the kernels know groups; the gather-table code does not).
     */
    boolean kernel() {
        return l.groups() > 1 || !wholeInput();
    }

    /** The constant holding this layer's {@code Convolution} (its geometry and forward method), when {@link #kernel()}. */
    String convolutionConstant() {
        return c("CONV");
    }

    private String preparedField() {
        return cx.ident("Prepared");
    }

    private String foldedPreparedField() {
        return cx.ident("FoldedPrepared");
    }

    /** A small plane's forward uses the shared per-worker scratch for its transposed im2col (only the whole-input conv now). */
    @Override
    public long scratchFloats() {
        return kernel() || wide() ? 0 : k() * p();
    }

    /** Forward's im2col as one array per row: the JIT vectorises a loop over rows that start at index 0. */
    private String rowsField() {
        return cx.ident("Rows");
    }

    private String rowsTField() {
        return cx.ident("RowsT");
    }

    private String gradRowsTField() {
        return cx.ident("GradRowsT");
    }

    private String weightGradField() {
        return cx.ident("WeightGrad");
    }

    private String weightRowsField() {
        return cx.ident("WeightRows");
    }

    /**
     * Whether the weight gradient runs along {@code k} ({@code dW[oc, :] += sum_p dZ[oc, p] colT[p, :]}, vectors
     * over a row of K padded to {@link #K_ALIGN}, no reductions) rather than along {@code p} (one dot product of
     * length P per weight, reduced across vector lanes). The first pays once a row of K fills two 16-lane vectors.
     */
    private boolean weightGradAlongK() {
        return k() >= 2 * K_ALIGN;
    }

    /** K rounded up to a multiple of {@link #K_ALIGN}: the row stride of the padded weight-gradient layout. */
    private long kPadded() {
        long columns = k() + (l.bias() ? 1 : 0);
        return (columns + K_ALIGN - 1) / K_ALIGN * K_ALIGN;
    }

    /** Backward's im2col of a wide plane, (K, P) in one array per worker, for the weight-gradient GEMM. */
    private String colField() {
        return cx.ident("Col");
    }

    /** Backward's im2col gradient of a wide plane, (K, P) in one array per worker. */
    private String gradColField() {
        return cx.ident("GradCol");
    }

    @Override
    public void addConstruction(CodeBlock.Builder constructor) {
        if (kernel()) {
            constructor.addStatement("this.$L = new float[$L.preparedWeightFloats()]", preparedField(), convolutionConstant());
            if (foldedWeights != null) {
                constructor.addStatement("this.$L = new float[$L.preparedWeightFloats()]", foldedPreparedField(), convolutionConstant());
            }
            return;
        }
        if (wide()) {
            constructor.addStatement("this.$L = new float[workers][$L][$L]", rowsField(), c("K"), c("P"));
            if (weightGradAlongK()) {
                constructor.addStatement("this.$L = new float[workers][$L * $L]", colField(), c("P"), c("K_PADDED"));
                constructor.addStatement("this.$L = new float[workers][$L * $L]", weightGradField(), c("FILTERS"), c("K_PADDED"));
                if (l.bias()) {
                    constructor.add("// column K of the transposed im2col is all ones: the GEMM's column K of dW is then the bias gradient\n");
                    constructor.beginControlFlow("for (float[] col : this.$L)", colField());
                    constructor.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
                    constructor.addStatement("col[p * $L + $L] = 1f", c("K_PADDED"), c("K"));
                    constructor.endControlFlow().endControlFlow();
                }
            } else {
                constructor.addStatement("this.$L = new float[workers][$L * $L]", colField(), c("K"), c("P"));
            }
            constructor.addStatement("this.$L = new float[workers][$L * $L]", gradColField(), c("K"), c("P"));
            return;
        }
        constructor.addStatement("this.$L = new float[workers][$L][$L]", rowsTField(), c("P"), c("K"));
        constructor.addStatement("this.$L = new float[workers][$L][$L]", gradRowsTField(), c("P"), c("K"));
        constructor.addStatement("this.$L = new float[workers][$L][$L]", weightGradField(), c("FILTERS"), c("K"));
        constructor.addStatement("this.$L = new float[$L][$L]", weightRowsField(), c("FILTERS"), c("K"));
    }

    @Override
    public void addBeforeForward(CodeBlock.Builder forward) {
        if (kernel()) {
            forward.addStatement("$L.prepareWeights(params, $L, $L, 0)", convolutionConstant(), c("WEIGHT"), preparedField());
        }
    }

    @Override
    public void addBeforeBackward(CodeBlock.Builder backward) {
        if (kernel() || wide()) {
            return;
        }
        backward.add("// $L.weight as rows, for the input gradient's axpy loops\n", cx.name());
        backward.beginControlFlow("for (int oc = 0; oc < $L; oc++)", c("FILTERS"));
        backward.addStatement("System.arraycopy(params, $L + oc * $L, $L[oc], 0, $L)", c("WEIGHT"), c("K"), weightRowsField(), c("K"));
        backward.endControlFlow();
    }

    @Override
    public String fusionNote() {
        return fusionHead(false) + " in one pass per output channel" + ActivationCode.backwardNote(cx.activation());
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(cx.intConstant("IN_C", l.input().channels(), null));
        type.addField(cx.intConstant("IN_H", l.input().height(), null));
        type.addField(cx.intConstant("IN_W", l.input().width(), null));
        type.addField(cx.intConstant("IN_SIZE", l.input().size(), null));
        type.addField(cx.intConstant("FILTERS", l.filters(), null));
        type.addField(cx.intConstant("OUT_H", l.output().height(), null));
        type.addField(cx.intConstant("OUT_W", l.output().width(), null));
        type.addField(cx.intConstant("OUT_SIZE", l.output().size(), null));
        type.addField(cx.intConstant("K", k(), cx.name() + " im2col rows: in channels" + (l.groups() > 1 ? " / " + l.groups() : "")
                + " x " + w.kernelText()));
        type.addField(cx.intConstant("P", p(), cx.name() + " im2col columns: output positions per channel"));
        type.addField(cx.intConstant("WEIGHT", weightOffset, cx.name() + ".weight (" + l.filters() + ", "
                + l.groupChannels() + ", " + w.kernelH() + ", " + w.kernelW() + ") offset in the flat parameters"));
        if (l.bias()) {
            type.addField(cx.intConstant("BIAS", biasOffset, cx.name() + ".bias (" + l.filters() + ") offset in the flat parameters"));
        }
        if (kernel()) {
            addKernelTo(type);
            return;
        }
        type.addField(FieldSpec.builder(int[].class, c("GATHER"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L()", gatherMethodName())
                .addJavadoc("For each output position {@code p} and kernel element {@code k}: the input element read$L.\n",
                        l.paddingMode() == PaddingMode.ZEROS ? ", or -1 for zero padding" : " (replicate: clamped to the edge)")
                .build());
        if (wide()) {
            type.addField(FieldSpec.builder(float[][][].class, rowsField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's im2col of $L, (K, P), one array per row k.\n", cx.name()).build());
            type.addField(FieldSpec.builder(int[].class, c("GATHER_BY_K"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$L($L)", transposeMethodName(), c("GATHER"))
                    .addJavadoc("The same table in {@code (k, p)} order, for forward's im2col.\n")
                    .build());
            type.addMethod(transposeTable());
        }
        if (wide() && weightGradAlongK()) {
            type.addField(cx.intConstant("K_PADDED", kPadded(), cx.name() + " K rounded up to whole vectors: the row stride of backward's transposed im2col"));
            type.addField(FieldSpec.builder(float[][].class, colField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's transposed im2col of $L for backward, (P, K_PADDED) row-major in one array; the padding columns stay 0.\n",
                            cx.name()).build());
            type.addField(FieldSpec.builder(float[][].class, weightGradField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's $L.weight gradient over its slice, (filters, K_PADDED), added to its gradients at the end.\n",
                            cx.name()).build());
            type.addField(FieldSpec.builder(float[][].class, gradColField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's im2col gradient of $L, (K, P) row-major in one array.\n", cx.name()).build());
        } else if (wide()) {
            type.addField(FieldSpec.builder(float[][].class, colField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's im2col of $L for backward, (K, P) row-major in one array.\n", cx.name()).build());
            type.addField(FieldSpec.builder(float[][].class, gradColField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's gradient of that matrix.\n").build());
        } else {
            type.addField(FieldSpec.builder(float[][][].class, rowsTField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's transposed im2col of $L, (P, K), one array per output position.\n", cx.name()).build());
            type.addField(FieldSpec.builder(float[][][].class, gradRowsTField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's gradient of that matrix.\n").build());
            type.addField(FieldSpec.builder(float[][][].class, weightGradField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Each worker's $L.weight gradient over its slice, (filters, K), added to its gradients at the end.\n",
                            cx.name()).build());
            type.addField(FieldSpec.builder(float[][].class, weightRowsField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L.weight copied row by row before backward, (filters, K).\n", cx.name()).build());
        }
        if (foldedWeights != null) {
            foldedWeights.addConstants(type);
        }
        type.addMethod(gatherTable());
        type.addMethod(forward(false));
        if (foldedWeights != null) {
            type.addMethod(forward(true));
        }
        type.addMethod(wide() ? wideBackward() : backward());
    }

    /** The members of a conv on the runtime kernels: its {@code Convolution}, prepared weights, forward(s) and backward. */
    private void addKernelTo(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(CONVOLUTION, convolutionConstant(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.chosen(new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L), 1)", CONVOLUTION, CONV_SHAPE,
                        c("IN_C"), c("IN_H"), c("IN_W"), c("FILTERS"), l.groups(), w.kernelH(), w.kernelW(), w.strideH(), w.strideW(),
                        w.padTop(), w.padBottom(), w.padLeft(), w.padRight(), w.dilationH(), w.dilationW(),
                        l.paddingMode() == PaddingMode.REPLICATE)
                .addJavadoc("$L's geometry and forward method, chosen when the class loads from its exact shape and this machine's vector"
                        + " width ({@code Convolution.choose}).\n", cx.name())
                .build());
        type.addField(FieldSpec.builder(float[].class, preparedField(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L.weight in the form its forward method reads (transposed or Winograd-transformed; empty for the direct"
                        + " method), refreshed before every forward.\n", cx.name()).build());
        if (foldedWeights != null) {
            type.addField(FieldSpec.builder(float[].class, foldedPreparedField(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The same for the weights with $L folded in (predict).\n", foldedWeights.norm().name()).build());
            foldedWeights.addConstants(type);
        }
        type.addMethod(kernelForward(false));
        if (foldedWeights != null) {
            type.addMethod(kernelForward(true));
        }
        if (fusedAdd != null) {
            type.addMethod(residualForward());
        }
        type.addMethod(kernelBackward());
    }

    /** Forward through the layer's {@code Convolution}: bias, and ReLU as it stores; another activation in place after. */
    private MethodSpec kernelForward(boolean folded) {
        Activation activation = activation(folded);
        boolean relu = activation == Activation.RELU;
        String prepared = folded ? foldedPreparedField() : preparedField();
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        b.addStatement("boolean direct = $L.method() == $T.DIRECT", convolutionConstant(), METHOD);
        b.addStatement("$L.forward(direct ? $L : $L, direct ? $L : 0, $L, in, 0, out, 0, null, 0, $L, n0, n1, part, parts, workerConv[worker])",
                convolutionConstant(), weights(folded), prepared, weightConstant(folded), biasArgs(folded), relu);
        if (activation != Activation.NONE && !relu) {
            b.add("// activation in place; split into parts, the caller applies it once every part is done\n");
            b.beginControlFlow("if (parts == 1)");
            ActivationCode.applyInPlace(b, activation, "out", "n0 * " + c("OUT_SIZE"), "n1 * " + c("OUT_SIZE"));
            b.endControlFlow();
        }
        return signature(folded)
                .addParameter(int.class, "part")
                .addParameter(int.class, "parts")
                .addJavadoc("$L: the runtime's convolution kernels$L; {@code part} of {@code parts} of each image's work (parts of one"
                        + " image give the same bits as one part).\n", fusionHead(folded), relu ? ", ReLU as it stores"
                        : activation == Activation.NONE ? "" : ", then the activation in place (by the caller after all parts when"
                        + " {@code parts > 1})")
                .addCode(b.build())
                .build();
    }

    /** Predict's conv + batch norm + add: the folded kernel call with the add's other operand and activation in its stores. */
    private MethodSpec residualForward() {
        boolean relu = fusedAdd.activation() == Activation.RELU;
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        b.addStatement("boolean direct = $L.method() == $T.DIRECT", convolutionConstant(), METHOD);
        b.addStatement("$L.forward(direct ? folded : $L, direct ? $L : 0, folded, $L, in, 0, out, 0, res, 0, $L, n0, n1, part, parts, workerConv[worker])",
                convolutionConstant(), foldedPreparedField(), c("FOLDED_WEIGHT"), c("FOLDED_BIAS"), relu);
        return MethodSpec.methodBuilder(residualForwardMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L with $L folded in and $L fused (predict): the add's other operand {@code res} joins as the kernels store$L;"
                        + " the same bits as the three steps.\n", cx.name(), foldedWeights.norm().name(), fusedAdd.name(), relu ? ", then ReLU" : "")
                .addParameter(float[].class, "folded").addParameter(float[].class, "in").addParameter(float[].class, "res")
                .addParameter(float[].class, "out").addParameter(int.class, "n0").addParameter(int.class, "n1")
                .addParameter(int.class, "worker").addParameter(int.class, "part").addParameter(int.class, "parts")
                .addCode(b.build()).build();
    }

    /** Backward through the layer's {@code Convolution}: activation derivative, weight and bias gradients, input gradient. */
    private MethodSpec kernelBackward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L; gOut becomes the pre-activation gradient in place.\n", cx.shapeComment());
        ActivationCode.derivativeInPlace(b, cx.activation(), "n0 * " + c("OUT_SIZE"), "n1 * " + c("OUT_SIZE"));
        b.add("// a frozen layer (setFrozen) skips its bias and weight gradients\n");
        b.beginControlFlow("if (!frozen[$L])", cx.index());
        b.addStatement("$L.backwardWeights(in, 0, gOut, 0, grads, $L, $L, n0, n1, workerConv[worker])", convolutionConstant(),
                c("WEIGHT"), l.bias() ? "grads, " + c("BIAS") : "null, 0");
        b.endControlFlow();
        b.beginControlFlow("if (gIn != null)");
        b.addStatement("$L.backwardInput(params, $L, gOut, 0, gIn, 0, n0, n1, 0, 1, workerConv[worker])", convolutionConstant(), c("WEIGHT"));
        b.endControlFlow();
        return cx.backwardSignature()
                .addJavadoc("Backward of $L: activation derivative, weight and bias gradients (+=), input gradient (=).\n", fusionHead(false))
                .addCode(b.build())
                .build();
    }

    private String gatherMethodName() {
        return cx.ident("GatherTable");
    }

    private String transposeMethodName() {
        return cx.ident("ByKernelElement");
    }

    private MethodSpec transposeTable() {
        return MethodSpec.methodBuilder(transposeMethodName())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(int[].class)
                .addParameter(int[].class, "byPosition")
                .addStatement("int[] table = new int[$L * $L]", c("K"), c("P"))
                .beginControlFlow("for (int p = 0; p < $L; p++)", c("P"))
                .beginControlFlow("for (int k = 0; k < $L; k++)", c("K"))
                .addStatement("table[k * $L + p] = byPosition[p * $L + k]", c("P"), c("K"))
                .endControlFlow()
                .endControlFlow()
                .addStatement("return table")
                .build();
    }

    private MethodSpec gatherTable() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// stride $Lx$L, padding top $L bottom $L left $L right $L, dilation $Lx$L, $L\n",
                w.strideH(), w.strideW(), w.padTop(), w.padBottom(), w.padLeft(), w.padRight(), w.dilationH(), w.dilationW(),
                l.paddingMode() == PaddingMode.ZEROS ? "zeros outside" : "replicated edges outside");
        b.addStatement("int[] table = new int[$L * $L]", c("P"), c("K"));
        b.beginControlFlow("for (int oy = 0; oy < $L; oy++)", c("OUT_H"));
        b.beginControlFlow("for (int ox = 0; ox < $L; ox++)", c("OUT_W"));
        b.addStatement("int row = (oy * $L + ox) * $L", c("OUT_W"), c("K"));
        b.beginControlFlow("for (int ch = 0; ch < $L; ch++)", c("IN_C"));
        b.beginControlFlow("for (int ky = 0; ky < $L; ky++)", w.kernelH());
        b.addStatement("int iy = oy * $L - $L + ky * $L", w.strideH(), w.padTop(), w.dilationH());
        b.beginControlFlow("for (int kx = 0; kx < $L; kx++)", w.kernelW());
        b.addStatement("int ix = ox * $L - $L + kx * $L", w.strideW(), w.padLeft(), w.dilationW());
        b.addStatement("int k = (ch * $L + ky) * $L + kx", w.kernelH(), w.kernelW());
        if (l.paddingMode() == PaddingMode.ZEROS) {
            b.addStatement("boolean inside = iy >= 0 && iy < $L && ix >= 0 && ix < $L", c("IN_H"), c("IN_W"));
            b.addStatement("table[row + k] = inside ? (ch * $L + iy) * $L + ix : -1", c("IN_H"), c("IN_W"));
        } else {
            b.addStatement("int cy = Math.min(Math.max(iy, 0), $L - 1)", c("IN_H"));
            b.addStatement("int cx = Math.min(Math.max(ix, 0), $L - 1)", c("IN_W"));
            b.addStatement("table[row + k] = (ch * $L + cy) * $L + cx", c("IN_H"), c("IN_W"));
        }
        b.endControlFlow().endControlFlow().endControlFlow().endControlFlow().endControlFlow();
        b.addStatement("return table");
        return MethodSpec.methodBuilder(gatherMethodName())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(int[].class)
                .addCode(b.build())
                .build();
    }

    private String read(String src) {
        return l.paddingMode() == PaddingMode.ZEROS ? src + " < 0 ? 0f : in[inBase + " + src + "]" : "in[inBase + " + src + "]";
    }

    /** Stride 1, no dilation, zeros outside: each im2col row is the input plane shifted, copied a row segment at a time. */
    private boolean shiftedRows() {
        return w.strideH() == 1 && w.strideW() == 1 && w.dilationH() == 1 && w.dilationW() == 1 && l.paddingMode() == PaddingMode.ZEROS;
    }

    /**
     * im2col of image {@code n} for a stride-1 convolution: row {@code (ch, ky, kx)} holds, for each output
     * row {@code oy}, input row {@code oy - padTop + ky} of channel {@code ch} shifted by {@code kx - padLeft},
     * zeros where that falls outside. Contiguous copies instead of one table lookup and branch per element.
     */
    private void im2colShifted(CodeBlock.Builder b) {
        b.add("// im2col: (K, P) = ($L, $L), each row a shifted copy of the input plane\n", k(), p());
        b.addStatement("int k = 0");
        b.beginControlFlow("for (int ch = 0; ch < $L; ch++)", c("IN_C"));
        b.beginControlFlow("for (int ky = 0; ky < $L; ky++)", w.kernelH());
        b.beginControlFlow("for (int kx = 0; kx < $L; kx++, k++)", w.kernelW());
        b.addStatement("float[] r = rows[k]");
        b.add("// output columns [x0, x1) read input columns x0 + dx to x1 + dx - 1; the others are padding\n");
        b.addStatement("int dx = kx - $L", w.padLeft());
        b.addStatement("int x0 = Math.max(0, -dx)");
        b.addStatement("int x1 = Math.min($L, $L - dx)", c("OUT_W"), c("IN_W"));
        b.beginControlFlow("for (int oy = 0; oy < $L; oy++)", c("OUT_H"));
        b.addStatement("int iy = oy - $L + ky", w.padTop());
        b.addStatement("int at = oy * $L", c("OUT_W"));
        b.beginControlFlow("if (iy < 0 || iy >= $L || x1 <= x0)", c("IN_H"));
        b.addStatement("$T.fill(r, at, at + $L, 0f)", java.util.Arrays.class, c("OUT_W"));
        b.addStatement("continue");
        b.endControlFlow();
        b.beginControlFlow("if (x0 > 0)").addStatement("$T.fill(r, at, at + x0, 0f)", java.util.Arrays.class).endControlFlow();
        b.addStatement("System.arraycopy(in, inBase + (ch * $L + iy) * $L + x0 + dx, r, at + x0, x1 - x0)", c("IN_H"), c("IN_W"));
        b.beginControlFlow("if (x1 < $L)", c("OUT_W"))
                .addStatement("$T.fill(r, at + x1, at + $L, 0f)", java.util.Arrays.class, c("OUT_W")).endControlFlow();
        b.endControlFlow().endControlFlow().endControlFlow().endControlFlow();
    }

    /** im2col of image {@code n}, (K, P), one array per row: the layout forward's wide GEMM sweeps along P. */
    private void im2col(CodeBlock.Builder b) {
        if (shiftedRows()) {
            im2colShifted(b);
            return;
        }
        b.add("// im2col: (K, P) = ($L, $L)\n", k(), p());
        b.beginControlFlow("for (int k = 0; k < $L; k++)", c("K"));
        b.addStatement("float[] r = rows[k]");
        b.addStatement("int t = k * $L", c("P"));
        b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
        b.addStatement("int src = $L[t + p]", c("GATHER_BY_K"));
        b.addStatement("r[p] = $L", read("src"));
        b.endControlFlow().endControlFlow();
    }

    /** The transposed im2col of image {@code n}, (P, K), in table order. */
    private void im2row(CodeBlock.Builder b) {
        b.add("// transposed im2col: (P, K) = ($L, $L)\n", p(), k());
        b.beginControlFlow("for (int j = 0; j < $L * $L; j++)", c("P"), c("K"));
        b.addStatement("int src = $L[j]", c("GATHER"));
        b.addStatement("col[j] = $L", read("src"));
        b.endControlFlow();
    }

    /**
     * One output position whose window is the whole input in order (LeNet's c5): the gather table is the
     * identity, so the conv is a dense layer and one GEMM over the slice's images reuses each filter.
     */
    private boolean wholeInput() {
        return p() == 1 && w.padTop() == 0 && w.padLeft() == 0 && w.dilationH() == 1 && w.dilationW() == 1
                && w.kernelH() == l.input().height() && w.kernelW() == l.input().width();
    }

    /** Forward of a {@link #wholeInput()} conv: the same dot products, in the same order, as one per image. */
    private MethodSpec denseForward(boolean folded) {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        b.add("// the window is the whole input: out[n, oc] = bias + w[oc, :] . x[n, :], a GEMM over the slice's images\n");
        Activation activation = activation(folded);
        b.addStatement("$T.dotRows($L, $L, $L, in, n0 * $L, n1 - n0, $L, $L, out, n0 * $L, 1, $L)", GEMM, weights(folded),
                weightConstant(folded), c("FILTERS"), c("IN_SIZE"), c("K"), biasArgs(folded), c("OUT_SIZE"), c("OUT_SIZE"));
        if (activation != Activation.NONE) {
            b.add("// activation in place\n");
            b.beginControlFlow("for (int i = n0 * $L; i < n1 * $L; i++)", c("OUT_SIZE"), c("OUT_SIZE"));
            b.addStatement("float z = out[i]");
            b.addStatement("out[i] = $L", ActivationCode.apply(activation, "z"));
            b.endControlFlow();
        }
        return signature(folded)
                .addJavadoc("$L: one GEMM over the images$L.\n", fusionHead(folded),
                        activation == Activation.NONE ? "" : ", then the activation in place")
                .addCode(b.build())
                .build();
    }

    /** The array forward reads the weights from: the parameters, or predict's folded weights. */
    private static String weights(boolean folded) {
        return folded ? "folded" : "params";
    }

    private String weightConstant(boolean folded) {
        return c(folded ? "FOLDED_WEIGHT" : "WEIGHT");
    }

    private String biasArgs(boolean folded) {
        if (folded) {
            return "folded, " + c("FOLDED_BIAS");
        }
        return l.bias() ? "params, " + c("BIAS") : "null, 0";
    }

    private MethodSpec.Builder signature(boolean folded) {
        return folded ? cx.forwardSignature(foldedWeights.forwardMethod(), "folded") : cx.forwardSignature();
    }

    /**
     * Forward, or with {@code folded} predict's variant: the same convolution with the weights and bias
     * that have the following batch norm folded in, the norm's activation, writing the norm's output.
     */
    private MethodSpec forward(boolean folded) {
        if (wholeInput()) {
            return denseForward(folded);
        }
        Activation activation = activation(folded);
        boolean fusedRelu = wide() && activation == Activation.RELU;
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        if (wide()) {
            b.addStatement("float[][] rows = $L[worker]", rowsField());
        } else {
            b.addStatement("float[] col = workerCol[worker]");
        }
        b.beginControlFlow("for (int n = n0; n < n1; n++)");
        b.addStatement("int inBase = n * $L", c("IN_SIZE"));
        b.addStatement("int outBase = n * $L", c("OUT_SIZE"));
        if (wide()) {
            im2col(b);
        } else {
            im2row(b);
        }
        String biasArgs = biasArgs(folded);
        if (wide()) {
            b.add("// out[oc, :] = bias + sum_k w[oc, k] col[k, :]: a register-blocked GEMM (Vector API where enabled)$L\n",
                    fusedRelu ? ", ReLU as it stores" : "");
            b.addStatement("$T.weightsTimesRows($L, $L, $L, $L, rows, $L, $L, out, outBase$L)", GEMM, weights(folded),
                    weightConstant(folded), c("FILTERS"), c("K"), c("P"), biasArgs, fusedRelu ? ", true" : "");
        } else {
            b.add("// a small plane: out[oc, p] = bias + w[oc, :] . colT[p, :], dot products blocked 4 filters x 2 positions\n");
            b.addStatement("$T.dotRows($L, $L, $L, col, 0, $L, $L, $L, out, outBase, $L, 1)", GEMM, weights(folded),
                    weightConstant(folded), c("FILTERS"), c("P"), c("K"), biasArgs, c("P"));
        }
        if (activation != Activation.NONE && !fusedRelu) {
            b.add("// activation in place\n");
            b.beginControlFlow("for (int i = outBase; i < outBase + $L; i++)", c("OUT_SIZE"));
            b.addStatement("float z = out[i]");
            b.addStatement("out[i] = $L", ActivationCode.apply(activation, "z"));
            b.endControlFlow();
        }
        b.endControlFlow();
        return signature(folded)
                .addJavadoc("$L: one GEMM per image$L.\n", fusionHead(folded), fusedRelu ? ", ReLU as it stores"
                        : activation == Activation.NONE ? "" : ", then the activation in place")
                .addCode(b.build())
                .build();
    }

    private String fusionHead(boolean folded) {
        if (folded) {
            return cx.name() + " with " + foldedWeights.norm().name() + " folded in (predict): conv " + l.filters() + " x "
                    + w.kernelText() + " + bias" + ActivationCode.plus(foldedWeights.norm().activation());
        }
        return cx.name() + ": conv " + l.filters() + " x " + w.kernelText() + (l.bias() ? " + bias" : "")
                + ActivationCode.plus(cx.activation());
    }

    /**
     * Backward of a wide plane: per image, the activation derivative in place, the bias sums, then
     * {@code dW[oc, k] += sum_p dZ[oc, p] col[k, p]} and {@code dCol[k, p] = sum_oc w[oc, k] dZ[oc, p]} as
     * GEMMs, and col2im of {@code dCol} through the forward table.
     */
    private MethodSpec wideBackward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L; gOut becomes the pre-activation gradient in place.\n", cx.shapeComment());
        b.addStatement("float[] col = $L[worker]", colField());
        b.addStatement("float[] gCol = $L[worker]", gradColField());
        b.addStatement("boolean learns = !frozen[$L]", cx.index());
        if (weightGradAlongK()) {
            b.addStatement("float[] dW = $L[worker]", weightGradField());
            b.beginControlFlow("if (learns)").addStatement("$T.fill(dW, 0f)", java.util.Arrays.class).endControlFlow();
        }
        b.beginControlFlow("for (int n = n0; n < n1; n++)");
        b.addStatement("int inBase = n * $L", c("IN_SIZE"));
        b.addStatement("int outBase = n * $L", c("OUT_SIZE"));
        ActivationCode.derivativeInPlace(b, cx.activation(), "outBase", "outBase + " + c("OUT_SIZE"));
        b.add("// a frozen layer (setFrozen) skips its bias and weight gradients\n");
        b.beginControlFlow("if (learns)");
        if (l.bias() && !weightGradAlongK()) {
            b.beginControlFlow("for (int oc = 0; oc < $L; oc++)", c("FILTERS"));
            b.addStatement("int row = outBase + oc * $L", c("P"));
            b.add("// four partial sums, so that the additions do not wait on each other\n");
            b.addStatement("float db0 = 0f, db1 = 0f, db2 = 0f, db3 = 0f");
            b.addStatement("int p = 0");
            b.beginControlFlow("for (; p + 4 <= $L; p += 4)", c("P"));
            b.addStatement("db0 += gOut[row + p]");
            b.addStatement("db1 += gOut[row + p + 1]");
            b.addStatement("db2 += gOut[row + p + 2]");
            b.addStatement("db3 += gOut[row + p + 3]");
            b.endControlFlow();
            b.beginControlFlow("for (; p < $L; p++)", c("P")).addStatement("db0 += gOut[row + p]").endControlFlow();
            b.addStatement("grads[$L + oc] += (db0 + db1) + (db2 + db3)", c("BIAS"));
            b.endControlFlow();
        }
        if (weightGradAlongK()) {
            b.add("// transposed im2col: (P, K) = ($L, $L), rows padded to $L\n", p(), k(), kPadded());
            b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
            b.addStatement("int t = p * $L", c("K"));
            b.addStatement("int r = p * $L", c("K_PADDED"));
            b.beginControlFlow("for (int k = 0; k < $L; k++)", c("K"));
            b.addStatement("int src = $L[t + k]", c("GATHER"));
            b.addStatement("col[r + k] = $L", read("src"));
            b.endControlFlow().endControlFlow();
            b.add("// dW[oc, :] += sum_p dZ[oc, p] colT[p, :]: whole vectors along the padded K, no reductions$L\n",
                    l.bias() ? " (column K: the bias gradient)" : "");
            b.addStatement("$T.matMul(gOut, outBase, $L, 1, $L, $L, col, 0, $L, $L, dW, 0, true)", GEMM,
                    c("P"), c("FILTERS"), c("P"), c("K_PADDED"), c("K_PADDED"));
        } else {
            b.add("// im2col: (K, P) = ($L, $L), as forward reads it\n", k(), p());
            b.beginControlFlow("for (int t = 0; t < $L * $L; t++)", c("K"), c("P"));
            b.addStatement("int src = $L[t]", c("GATHER_BY_K"));
            b.addStatement("col[t] = $L", read("src"));
            b.endControlFlow();
            b.add("// dW[oc, k] += sum_p dZ[oc, p] col[k, p], straight into this worker's gradients\n");
            b.addStatement("$T.matMulTransB(gOut, outBase, $L, $L, col, 0, $L, $L, $L, grads, $L, $L)", GEMM,
                    c("P"), c("FILTERS"), c("P"), c("K"), c("P"), c("WEIGHT"), c("K"));
        }
        b.endControlFlow();
        b.beginControlFlow("if (gIn == null)").addStatement("continue").endControlFlow();
        b.add("// dCol[k, p] = sum_oc w[oc, k] dZ[oc, p]: the weights read column-wise as W^T\n");
        b.addStatement("$T.matMul(params, $L, 1, $L, $L, $L, gOut, outBase, $L, $L, gCol, 0, false)", GEMM,
                c("WEIGHT"), c("K"), c("K"), c("FILTERS"), c("P"), c("P"));
        b.add("// col2im: each input element collects the gradients of the positions that read it\n");
        b.addStatement("$T.fill(gIn, inBase, inBase + $L, 0f)", java.util.Arrays.class, c("IN_SIZE"));
        b.beginControlFlow("for (int t = 0; t < $L * $L; t++)", c("K"), c("P"));
        b.addStatement("int src = $L[t]", c("GATHER_BY_K"));
        if (l.paddingMode() == PaddingMode.ZEROS) {
            b.beginControlFlow("if (src >= 0)").addStatement("gIn[inBase + src] += gCol[t]").endControlFlow();
        } else {
            b.addStatement("gIn[inBase + src] += gCol[t]");
        }
        b.endControlFlow();
        b.endControlFlow();
        if (weightGradAlongK()) {
            b.add("// the slice's weight gradient into the worker's gradients, without the padding\n");
            b.beginControlFlow("if (learns)");
            b.beginControlFlow("for (int oc = 0; oc < $L; oc++)", c("FILTERS"));
            b.addStatement("int r = oc * $L", c("K_PADDED"));
            b.addStatement("int wRow = $L + oc * $L", c("WEIGHT"), c("K"));
            b.beginControlFlow("for (int k = 0; k < $L; k++)", c("K")).addStatement("grads[wRow + k] += dW[r + k]").endControlFlow();
            if (l.bias()) {
                b.addStatement("grads[$L + oc] += dW[r + $L]", c("BIAS"), c("K"));
            }
            b.endControlFlow();
            b.endControlFlow();
        }
        return cx.backwardSignature()
                .addJavadoc("Backward of $L: activation derivative, bias, then the weight and input gradients as GEMMs.\n", fusionHead(false))
                .addCode(b.build())
                .build();
    }

    private MethodSpec backward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L; gOut becomes the pre-activation gradient in place.\n", cx.shapeComment());
        b.add("// Every inner loop runs over arrays that start at index 0, the form the JIT vectorises.\n");
        b.addStatement("float[][] colT = $L[worker]", rowsTField());
        b.addStatement("float[][] gColT = $L[worker]", gradRowsTField());
        b.addStatement("float[][] dW = $L[worker]", weightGradField());
        b.addStatement("boolean learns = !frozen[$L]", cx.index());
        b.beginControlFlow("if (learns)");
        b.beginControlFlow("for (float[] d : dW)").addStatement("$T.fill(d, 0f)", java.util.Arrays.class).endControlFlow();
        b.endControlFlow();
        b.beginControlFlow("for (int n = n0; n < n1; n++)");
        b.addStatement("int inBase = n * $L", c("IN_SIZE"));
        b.addStatement("int outBase = n * $L", c("OUT_SIZE"));
        ActivationCode.derivativeInPlace(b, cx.activation(), "outBase", "outBase + " + c("OUT_SIZE"));
        b.add("// a frozen layer (setFrozen) skips its bias and weight gradients\n");
        b.beginControlFlow("if (learns)");
        b.add("// transposed im2col: (P, K) = ($L, $L)\n", p(), k());
        b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
        b.addStatement("float[] r = colT[p]");
        b.addStatement("int t = p * $L", c("K"));
        b.beginControlFlow("for (int k = 0; k < $L; k++)", c("K"));
        b.addStatement("int src = $L[t + k]", c("GATHER"));
        b.addStatement("r[k] = $L", read("src"));
        b.endControlFlow().endControlFlow();
        b.beginControlFlow("for (int oc = 0; oc < $L; oc++)", c("FILTERS"));
        b.addStatement("int row = outBase + oc * $L", c("P"));
        if (l.bias()) {
            b.addStatement("float db = 0f");
            b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P")).addStatement("db += gOut[row + p]").endControlFlow();
            b.addStatement("grads[$L + oc] += db", c("BIAS"));
        }
        b.add("// dW[oc, :] += dZ[oc, p] colT[p, :], skipping zero gradients\n");
        b.addStatement("float[] d = dW[oc]");
        b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
        b.addStatement("float dz = gOut[row + p]");
        b.beginControlFlow("if (dz == 0f)").addStatement("continue").endControlFlow();
        b.addStatement("float[] r = colT[p]");
        b.beginControlFlow("for (int k = 0; k < $L; k++)", c("K")).addStatement("d[k] += dz * r[k]").endControlFlow();
        b.endControlFlow();
        b.endControlFlow();
        b.endControlFlow();
        b.beginControlFlow("if (gIn == null)").addStatement("continue").endControlFlow();
        b.add("// dColT[p, :] = sum_oc dZ[oc, p] w[oc, :], then col2im through the same table\n");
        b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
        b.addStatement("float[] g = gColT[p]");
        b.addStatement("$T.fill(g, 0f)", java.util.Arrays.class);
        b.beginControlFlow("for (int oc = 0; oc < $L; oc++)", c("FILTERS"));
        b.addStatement("float dz = gOut[outBase + oc * $L + p]", c("P"));
        b.beginControlFlow("if (dz == 0f)").addStatement("continue").endControlFlow();
        b.addStatement("float[] wr = $L[oc]", weightRowsField());
        b.beginControlFlow("for (int k = 0; k < $L; k++)", c("K")).addStatement("g[k] += dz * wr[k]").endControlFlow();
        b.endControlFlow();
        b.endControlFlow();
        b.addStatement("$T.fill(gIn, inBase, inBase + $L, 0f)", java.util.Arrays.class, c("IN_SIZE"));
        b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
        b.addStatement("float[] g = gColT[p]");
        b.addStatement("int t = p * $L", c("K"));
        b.beginControlFlow("for (int k = 0; k < $L; k++)", c("K"));
        b.addStatement("int src = $L[t + k]", c("GATHER"));
        if (l.paddingMode() == PaddingMode.ZEROS) {
            b.beginControlFlow("if (src >= 0)").addStatement("gIn[inBase + src] += g[k]").endControlFlow();
        } else {
            b.addStatement("gIn[inBase + src] += g[k]");
        }
        b.endControlFlow().endControlFlow();
        b.endControlFlow();
        b.add("// the slice's weight gradient into the worker's gradients\n");
        b.beginControlFlow("if (learns)");
        b.beginControlFlow("for (int oc = 0; oc < $L; oc++)", c("FILTERS"));
        b.addStatement("float[] d = dW[oc]");
        b.addStatement("int wRow = $L + oc * $L", c("WEIGHT"), c("K"));
        b.beginControlFlow("for (int k = 0; k < $L; k++)", c("K")).addStatement("grads[wRow + k] += d[k]").endControlFlow();
        b.endControlFlow();
        b.endControlFlow();
        return cx.backwardSignature()
                .addJavadoc("Backward of $L: activation derivative, bias, weight and input gradients.\n", fusionHead(false))
                .addCode(b.build())
                .build();
    }
}
