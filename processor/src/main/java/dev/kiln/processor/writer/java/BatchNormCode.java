package dev.kiln.processor.writer.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.BatchNormOp;
import javax.lang.model.element.Modifier;

/**
 * Batch normalisation with PyTorch's semantics, per channel of an image or per unit of a vector.
 *
 * <p>Training is a sync point: once the whole batch has arrived, {@code ...Statistics} computes
 * each feature's mean and biased variance (each image's plane summed by {@code BatchNormSums} in short
 * float blocks, the deviations centred on the mean split into two floats, the planes added in double;
 * the statistics themselves are kept in double, the normalisation's precision), and updates
 * the running statistics in the pass's state with the unbiased variance and
 * {@code num_batches_tracked}; then each worker normalises its images with the scale and shift
 * folded into one multiply-add, activation fused, in float lanes with the mean split into
 * two floats (so a mean far from zero loses nothing to the subtraction). Evaluation uses the running
 * statistics the same way. The batch-wide parts (statistics, gradient sums) run on every worker, one
 * range of features each, each feature summed over the whole batch in one order. Backward first
 * (batch-wide) folds the activation derivative into the output gradient and sums {@code dz} and
 * {@code dz x-hat} per feature the same way (the bias and weight gradients), then each worker
 * computes {@code dx = gamma invStd / M (M dz - sum dz - x-hat sum dz x-hat)}. A frozen layer
 * ({@code setFrozen}) normalises with its running statistics in training too and leaves them as
 * they are (Keras' {@code trainable = False}); its input gradient is then {@code gamma invStd dz}.
 */
final class BatchNormCode implements LayerCode {
    private static final ClassName SUMS = ClassName.get("dev.kiln.runtime.java", "BatchNormSums");
    private final LayerContext cx;
    private final BatchNormOp op;
    private final int weightOffset;
    private final int biasOffset;
    private final int stateOffset;

    BatchNormCode(LayerContext cx, BatchNormOp op, int weightOffset, int biasOffset, int stateOffset) {
        this.cx = cx;
        this.op = op;
        this.weightOffset = weightOffset;
        this.biasOffset = biasOffset;
        this.stateOffset = stateOffset;
    }

    private String c(String s) {
        return cx.constant(s);
    }

    private String field(String suffix) {
        return cx.ident(suffix);
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": batch norm (eps " + op.eps() + ", momentum " + op.momentum() + ") as one multiply-add per element"
                + ActivationCode.plus(cx.activation()) + "; batch statistics at a sync point in training";
    }

    @Override
    public void addConstruction(CodeBlock.Builder constructor) {
        for (String f : new String[] {"Mean", "InvStd", "SumDz", "SumDzXhat"}) {
            constructor.addStatement("this.$L = new double[$L]", field(f), c("FEATURES"));
        }
        constructor.addStatement("this.$L = worker -> $L($L[0], $L(worker), $L(worker + 1))", field("StatisticsTask"),
                statisticsMethod(), field("BatchTensors"), featureMethod(), featureMethod());
        constructor.addStatement("this.$L = worker -> $L($L[0], $L[1], $L[2], $L(worker), $L(worker + 1))",
                field("SumsTask"), gradientSumsMethod(), field("BatchTensors"), field("BatchTensors"), field("BatchTensors"),
                featureMethod(), featureMethod());
    }

    /**
     * The batch-wide parts run on every worker, each on its own features: a feature's sums still run over
     * the whole batch in one order, so the result does not depend on the number of workers.
     */
    @Override
    public void addForwardBatchPart(CodeBlock.Builder forward, String in) {
        forward.beginControlFlow("if (training && !frozen[$L])", cx.index())
                .addStatement("$L[0] = $L", field("BatchTensors"), in)
                .addStatement("pool.run($L)", field("StatisticsTask"))
                .addStatement("state[$L] += 1f", c("BATCHES_TRACKED"))
                .endControlFlow();
    }

    @Override
    public void addBackwardBatchPart(CodeBlock.Builder backward, String in, String out, String gOut) {
        backward.beginControlFlow("if (stepInputGradient != null || backwardLive[$L])", cx.index())
                .addStatement("$L[0] = $L", field("BatchTensors"), in)
                .addStatement("$L[1] = $L", field("BatchTensors"), out)
                .addStatement("$L[2] = $L", field("BatchTensors"), gOut)
                .addStatement("pool.run($L)", field("SumsTask"))
                .endControlFlow();
    }

    private String featureMethod() {
        return cx.ident("FirstFeature");
    }

    private String statisticsMethod() {
        return cx.ident("ForwardStatistics");
    }

    private String gradientSumsMethod() {
        return cx.ident("BackwardSums");
    }

    /**
     * Declares {@code mean} and {@code inv} for feature {@code f}: the batch's in training, the running ones otherwise
     * and for a frozen layer (Keras' {@code trainable = False}); {@link #batchStatistics} must be declared first.
     */
    private void meanAndInv(CodeBlock.Builder b) {
        b.addStatement("double mean = batchStatistics ? $L[f] : state[$L + f]", field("Mean"), c("RUNNING_MEAN"));
        b.addStatement("double inv = batchStatistics ? $L[f] : 1 / Math.sqrt(state[$L + f] + $L)", field("InvStd"),
                c("RUNNING_VAR"), c("EPS"));
    }

    private void batchStatistics(CodeBlock.Builder b) {
        b.addStatement("boolean batchStatistics = training && !frozen[$L]", cx.index());
    }

    /**
     * Declares the float pair {@code centerHi + centerLo} that stands for the double {@code mean}: {@code x - centerHi}
     * is exact for an {@code x} near the mean (Sterbenz), so the per-element work runs in float lanes without
     * losing what a mean far from zero and a small variance would cost a plain float subtraction.
     */
    private static void centre(CodeBlock.Builder b) {
        b.addStatement("float centerHi = (float) mean");
        b.addStatement("float centerLo = (float) (mean - centerHi)");
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        int features = op.features();
        type.addField(cx.intConstant("FEATURES", features, "Channels (or units) normalised separately."));
        type.addField(cx.intConstant("SPATIAL", op.spatial(), "Elements per image sharing one feature's statistics."));
        type.addField(cx.intConstant("WEIGHT", weightOffset, cx.name() + ".weight (" + features + ") offset in the flat parameters"));
        type.addField(cx.intConstant("BIAS", biasOffset, cx.name() + ".bias (" + features + ") offset in the flat parameters"));
        type.addField(cx.intConstant("RUNNING_MEAN", stateOffset, cx.name() + ".running_mean offset in the state"));
        type.addField(cx.intConstant("RUNNING_VAR", stateOffset + features, cx.name() + ".running_var offset in the state"));
        type.addField(cx.intConstant("BATCHES_TRACKED", stateOffset + 2L * features,
                cx.name() + ".num_batches_tracked offset in the state"));
        type.addField(FieldSpec.builder(double.class, c("EPS"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", Double.toString(op.eps())).build());
        type.addField(FieldSpec.builder(double.class, c("MOMENTUM"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", Double.toString(op.momentum())).build());
        for (String f : new String[] {"Mean", "InvStd", "SumDz", "SumDzXhat"}) {
            type.addField(FieldSpec.builder(double[].class, field(f), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Per feature, from the last training step's batch (double: normalising a small variance amplifies rounding).\n").build());
        }
        type.addField(FieldSpec.builder(float[][].class, field("BatchTensors"), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The tensors the batch-wide tasks read: input, output and output gradient.\n")
                .initializer("new float[3][]").build());
        type.addField(FieldSpec.builder(JavaPassWriter.WORKER_POOL.nestedClass("Task"), field("StatisticsTask"),
                Modifier.PRIVATE, Modifier.FINAL).addJavadoc("Batch statistics, one range of features per worker.\n").build());
        type.addField(FieldSpec.builder(JavaPassWriter.WORKER_POOL.nestedClass("Task"), field("SumsTask"),
                Modifier.PRIVATE, Modifier.FINAL).addJavadoc("Backward's batch-wide sums, one range of features per worker.\n").build());
        String feats = c("FEATURES");
        String spatial = c("SPATIAL");
        type.addMethod(MethodSpec.methodBuilder(featureMethod()).addModifiers(Modifier.PRIVATE).returns(int.class)
                .addJavadoc("The first of worker {@code worker}'s features in the batch-wide parts ({@code workers} gives the end).\n")
                .addParameter(int.class, "worker")
                .addStatement("return (int) ((long) $L * worker / workers)", feats).build());

        CodeBlock.Builder stats = CodeBlock.builder();
        stats.addStatement("long m = (long) forwardBatch * $L", spatial);
        stats.beginControlFlow("for (int f = f0; f < f1; f++)");
        stats.add("// each image's plane summed by BatchNormSums (vector lanes in short float blocks), the planes in double\n");
        stats.addStatement("double total = 0");
        stats.beginControlFlow("for (int n = 0; n < forwardBatch; n++)");
        stats.addStatement("int base = (n * $L + f) * $L", feats, spatial);
        stats.addStatement("total += $T.sum(in, base, base + $L)", SUMS, spatial);
        stats.endControlFlow();
        stats.addStatement("double mean = total / m");
        centre(stats);
        stats.addStatement("double squares = 0");
        stats.beginControlFlow("for (int n = 0; n < forwardBatch; n++)");
        stats.addStatement("int base = (n * $L + f) * $L", feats, spatial);
        stats.addStatement("squares += $T.squaredDeviations(in, base, base + $L, centerHi, centerLo)", SUMS, spatial);
        stats.endControlFlow();
        stats.addStatement("double variance = squares / m");
        stats.addStatement("$L[f] = mean", field("Mean"));
        stats.addStatement("$L[f] = 1 / Math.sqrt(variance + $L)", field("InvStd"), c("EPS"));
        stats.add("// running statistics: PyTorch's update, with the unbiased variance\n");
        stats.addStatement("double unbiased = m > 1 ? squares / (m - 1) : variance");
        stats.addStatement("state[$L + f] = (float) ((1 - $L) * state[$L + f] + $L * mean)", c("RUNNING_MEAN"), c("MOMENTUM"),
                c("RUNNING_MEAN"), c("MOMENTUM"));
        stats.addStatement("state[$L + f] = (float) ((1 - $L) * state[$L + f] + $L * unbiased)", c("RUNNING_VAR"), c("MOMENTUM"),
                c("RUNNING_VAR"), c("MOMENTUM"));
        stats.endControlFlow();
        type.addMethod(MethodSpec.methodBuilder(statisticsMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L's batch mean and biased variance of features {@code [f0, f1)} over the whole batch; updates their\n"
                        + "running statistics.\n", cx.name())
                .addParameter(float[].class, "in").addParameter(int.class, "f0").addParameter(int.class, "f1")
                .addCode(stats.build()).build());

        CodeBlock.Builder fw = CodeBlock.builder().add("// $L\n", cx.shapeComment());
        batchStatistics(fw);
        fw.beginControlFlow("for (int f = 0; f < $L; f++)", feats);
        meanAndInv(fw);
        centre(fw);
        fw.addStatement("float scale = (float) (params[$L + f] * inv)", c("WEIGHT"));
        fw.addStatement("float shift = params[$L + f]", c("BIAS"));
        fw.beginControlFlow("for (int n = n0; n < n1; n++)");
        fw.addStatement("int base = (n * $L + f) * $L", feats, spatial);
        fw.beginControlFlow("for (int i = base; i < base + $L; i++)", spatial);
        fw.addStatement("out[i] = ((in[i] - centerHi) - centerLo) * scale + shift");
        fw.endControlFlow();
        ActivationCode.applyInPlace(fw, cx.activation(), "out", "base", "base + " + spatial);
        fw.endControlFlow().endControlFlow();
        type.addMethod(cx.forwardSignature().addJavadoc("$L\n", fusionNote()).addCode(fw.build()).build());

        CodeBlock.Builder sums = CodeBlock.builder();
        batchStatistics(sums);
        sums.beginControlFlow("for (int f = f0; f < f1; f++)");
        meanAndInv(sums);
        centre(sums);
        sums.add("// each image's plane summed by BatchNormSums (vector lanes in short float blocks), the planes in double\n");
        sums.addStatement("double sumDz = 0");
        sums.addStatement("double sumDzCentred = 0");
        sums.beginControlFlow("for (int n = 0; n < forwardBatch; n++)");
        sums.addStatement("int base = (n * $L + f) * $L", feats, spatial);
        ActivationCode.derivativeInPlace(sums, cx.activation(), "base", "base + " + spatial);
        sums.addStatement("sumDz += $T.sum(gOut, base, base + $L)", SUMS, spatial);
        sums.addStatement("sumDzCentred += $T.dotCentred(gOut, in, base, base + $L, centerHi, centerLo)", SUMS, spatial);
        sums.endControlFlow();
        sums.addStatement("double sumDzXhat = sumDzCentred * inv");
        sums.beginControlFlow("if (!frozen[$L])", cx.index());
        sums.addStatement("stepGrads[$L + f] += (float) sumDzXhat", c("WEIGHT"));
        sums.addStatement("stepGrads[$L + f] += (float) sumDz", c("BIAS"));
        sums.endControlFlow();
        sums.addStatement("$L[f] = sumDz", field("SumDz"));
        sums.addStatement("$L[f] = sumDzXhat", field("SumDzXhat"));
        sums.endControlFlow();
        type.addMethod(MethodSpec.methodBuilder(gradientSumsMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L's batch-wide part of backward: activation derivative folded into {@code gOut}, the weight and bias\n"
                        + "gradients, and the sums every image's input gradient needs.\n", cx.name())
                .addParameter(float[].class, "in").addParameter(float[].class, "out").addParameter(float[].class, "gOut")
                .addParameter(int.class, "f0").addParameter(int.class, "f1")
                .addCode(sums.build()).build());

        CodeBlock.Builder bw = CodeBlock.builder();
        bw.beginControlFlow("if (gIn == null)").addStatement("return").endControlFlow();
        bw.addStatement("double m = (double) forwardBatch * $L", spatial);
        batchStatistics(bw);
        bw.beginControlFlow("for (int f = 0; f < $L; f++)", feats);
        meanAndInv(bw);
        centre(bw);
        bw.addStatement("double gamma = params[$L + f]", c("WEIGHT"));
        bw.addStatement("double k = gamma * inv / m");
        bw.add("// training: dx = k (m dz - sum dz - (x - mean) inv sum(dz x-hat)); evaluation: dx = gamma inv dz\n");
        bw.addStatement("float gScale = (float) (batchStatistics ? k * m : gamma * inv)");
        bw.addStatement("float gShift = (float) (batchStatistics ? k * $L[f] : 0)", field("SumDz"));
        bw.addStatement("float dScale = (float) (batchStatistics ? k * inv * $L[f] : 0)", field("SumDzXhat"));
        bw.beginControlFlow("for (int n = n0; n < n1; n++)");
        bw.addStatement("int base = (n * $L + f) * $L", feats, spatial);
        bw.beginControlFlow("for (int i = base; i < base + $L; i++)", spatial);
        bw.addStatement("gIn[i] = gScale * gOut[i] - gShift - dScale * ((in[i] - centerHi) - centerLo)");
        bw.endControlFlow().endControlFlow().endControlFlow();
        type.addMethod(cx.backwardSignature()
                .addJavadoc("Backward of $L: the input gradient of each worker's images, from the batch-wide sums.\n", cx.name())
                .addCode(bw.build()).build());
    }
}
