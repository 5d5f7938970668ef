package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.LossCompatibility;
import dev.kiln.spec.NetworkSpec;
import javax.lang.model.element.Modifier;

/**
 * The loss step: the mean loss over the batch and, in the same pass, its gradient with respect to
 * the last layer's pre-activation (softmax and sigmoid folded into cross-entropy, computed from the
 * logits with log-sum-exp or the stable logistic form) or, for mean squared error, with respect to
 * its output (the last layer's backward then applies its activation derivative).
 */
final class LossCode {
    /** The separate logits buffer, when the last layer applies softmax or sigmoid. */
    static final String LOGITS = "logits";

    private final NetworkSpec spec;
    private final LayerContext last;

    LossCode(NetworkSpec spec, LayerContext last) {
        this.spec = spec;
        this.last = last;
    }

    /** Whether the last layer writes logits that the loss step turns into probabilities. */
    static boolean separateLogits(NetworkSpec spec) {
        return LossCompatibility.lossAppliesActivation(spec.loss(), spec.outputLayer().activation());
    }

    private String logits() {
        return separateLogits(spec) ? LOGITS : last.outField();
    }

    String fusionNote() {
        return switch (spec.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> "loss: softmax + cross-entropy + gradient (softmax - onehot) / N in one step (log-sum-exp)";
            case BINARY_CROSS_ENTROPY -> "loss: sigmoid + binary cross-entropy + gradient (p - t) / N in one step (stable logistic form)";
            case MEAN_SQUARED_ERROR -> "loss: mean squared error + gradient 2 (y - t) / (N size) in one step";
        };
    }

    void addTo(TypeSpec.Builder type) {
        if (separateLogits(spec)) {
            type.addMethod(outputActivation());
        }
        type.addMethod(loss());
    }

    /** Softmax or sigmoid of the logits into the last layer's output, for images {@code [n0, n1)}. */
    private MethodSpec outputActivation() {
        String units = "OUTPUT_SIZE";
        CodeBlock.Builder b = CodeBlock.builder();
        b.beginControlFlow("for (int n = n0; n < n1; n++)");
        b.addStatement("int base = n * $L", units);
        if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            b.add("// softmax, shifted by the maximum for stability\n");
            b.addStatement("float max = Float.NEGATIVE_INFINITY");
            b.beginControlFlow("for (int u = 0; u < $L; u++)", units).addStatement("max = Math.max(max, $L[base + u])", LOGITS).endControlFlow();
            b.addStatement("float sum = 0f");
            b.beginControlFlow("for (int u = 0; u < $L; u++)", units);
            b.addStatement("float e = (float) Math.exp($L[base + u] - max)", LOGITS);
            b.addStatement("$L[base + u] = e", last.outField());
            b.addStatement("sum += e");
            b.endControlFlow();
            b.addStatement("float inv = 1f / sum");
            b.beginControlFlow("for (int u = 0; u < $L; u++)", units).addStatement("$L[base + u] *= inv", last.outField()).endControlFlow();
        } else {
            b.beginControlFlow("for (int u = 0; u < $L; u++)", units);
            b.addStatement("float z = $L[base + u]", LOGITS);
            b.addStatement("$L[base + u] = $L", last.outField(), ActivationCode.apply(Activation.SIGMOID, "z"));
            b.endControlFlow();
        }
        b.endControlFlow();
        return MethodSpec.methodBuilder("outputActivation")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("The last layer's $L, applied to its logits for images {@code [n0, n1)}.\n",
                        spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY ? "softmax" : "sigmoid")
                .addParameter(int.class, "n0")
                .addParameter(int.class, "n1")
                .addCode(b.build())
                .build();
    }

    private MethodSpec loss() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("checkBatch(batch)");
        b.beginControlFlow("if (batch != forwardBatch)");
        b.addStatement("throw new $T($S + forwardBatch + $S + batch)", IllegalArgumentException.class,
                spec.simpleName() + "JavaPass.loss: the last forward ran ", " images, but the loss was asked for ");
        b.endControlFlow();
        String grad = last.gradField();
        String z = logits();
        b.addStatement("double total = 0");
        switch (spec.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> {
                requireArray(b, "labels", "batch", "class indices");
                b.addStatement("double invBatch = 1.0 / batch");
                b.beginControlFlow("for (int n = 0; n < batch; n++)");
                b.addStatement("int label = labels[n]");
                b.beginControlFlow("if (label < 0 || label >= OUTPUT_SIZE)");
                b.addStatement("throw new $T($S + n + $S + label + $S + OUTPUT_SIZE + $S)", IllegalArgumentException.class,
                        spec.simpleName() + ": label ", " is ", ", but a class index must be in [0, ", ")");
                b.endControlFlow();
                b.addStatement("int base = n * OUTPUT_SIZE");
                b.addStatement("float max = Float.NEGATIVE_INFINITY");
                b.beginControlFlow("for (int u = 0; u < OUTPUT_SIZE; u++)").addStatement("max = Math.max(max, $L[base + u])", z).endControlFlow();
                b.addStatement("double sum = 0");
                b.beginControlFlow("for (int u = 0; u < OUTPUT_SIZE; u++)").addStatement("sum += Math.exp($L[base + u] - max)", z).endControlFlow();
                b.addStatement("double logSumExp = max + Math.log(sum)");
                b.addStatement("total += logSumExp - $L[base + label]", z);
                b.add("// gradient wrt the logits: (softmax - onehot) / N\n");
                b.beginControlFlow("for (int u = 0; u < OUTPUT_SIZE; u++)");
                b.addStatement("double p = Math.exp($L[base + u] - logSumExp)", z);
                b.addStatement("$L[base + u] = (float) ((u == label ? p - 1 : p) * invBatch)", grad);
                b.endControlFlow();
                b.endControlFlow();
                b.addStatement("lossReady = true");
                b.addStatement("return total / batch");
            }
            case BINARY_CROSS_ENTROPY -> {
                b.add("// targets, or failing them the labels 0/1 (one unit per image)\n");
                b.beginControlFlow("if (targets == null && labels != null && OUTPUT_SIZE == 1)");
                b.beginControlFlow("if (labels.length < batch)");
                b.addStatement("throw new $T($S + batch + $S + labels.length)", IllegalArgumentException.class,
                        spec.simpleName() + " (BINARY_CROSS_ENTROPY) needs ", " labels, got ");
                b.endControlFlow();
                b.endControlFlow().beginControlFlow("else");
                requireArray(b, "targets", "batch * OUTPUT_SIZE", "0/1 targets");
                b.endControlFlow();
                b.addStatement("int count = batch * OUTPUT_SIZE");
                b.beginControlFlow("for (int i = 0; i < count; i++)");
                b.addStatement("double x = $L[i]", z);
                b.addStatement("double t = targets != null ? targets[i] : labels[i]");
                b.beginControlFlow("if (targets == null && t != 0 && t != 1)");
                b.addStatement("throw new $T($S + i + $S + labels[i])", IllegalArgumentException.class,
                        spec.simpleName() + ": binary cross-entropy needs labels 0 or 1, but image ", " has ");
                b.endControlFlow();
                b.add("// max(x, 0) - x t + log(1 + e^-|x|): no overflow for any logit\n");
                b.addStatement("total += Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)))");
                b.addStatement("$L[i] = (float) ((1 / (1 + Math.exp(-x)) - t) / count)", grad);
                b.endControlFlow();
                b.addStatement("lossReady = true");
                b.addStatement("return total / count");
            }
            case MEAN_SQUARED_ERROR -> {
                requireArray(b, "targets", "batch * OUTPUT_SIZE", "targets");
                b.addStatement("int count = batch * OUTPUT_SIZE");
                b.beginControlFlow("for (int i = 0; i < count; i++)");
                b.addStatement("double d = (double) $L[i] - targets[i]", last.outField());
                b.addStatement("total += d * d");
                b.addStatement("$L[i] = (float) (2 * d / count)", grad);
                b.endControlFlow();
                b.addStatement("lossReady = true");
                b.addStatement("return total / count");
            }
            default -> throw new AssertionError(spec.loss());
        }
        return MethodSpec.methodBuilder("loss")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("$L\n", fusionNote())
                .addParameter(int[].class, "labels")
                .addParameter(float[].class, "targets")
                .addParameter(int.class, "batch")
                .returns(double.class)
                .addCode(b.build())
                .build();
    }

    private void requireArray(CodeBlock.Builder b, String name, String length, String what) {
        b.beginControlFlow("if ($L == null || $L.length < $L)", name, name, length);
        b.addStatement("throw new $T($S + $L + $S + ($L == null ? $S : $L.length + $S))", IllegalArgumentException.class,
                spec.simpleName() + " (" + spec.loss() + ") needs " + what + " for ", length,
                " values in '" + name + "', but it is ", name, "null", name, " long");
        b.endControlFlow();
    }
}
