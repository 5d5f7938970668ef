package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A layer whose activation's slope its output does not determine (hard swish, SiLU, GELU:
 * {@link dev.kiln.dsl.Activation#derivativeFromOutput()} is false). The kind's own code runs without the
 * activation; this code applies it after the kind's forward, keeping the pre-activation {@code z} in a
 * batch-sized buffer when forward writes the layer's own output (predict's tiles keep nothing), and turns the
 * output gradient into the pre-activation gradient in place, {@code gOut *= f'(z)}, before the kind's backward
 * (for a batch norm before its batch-wide part, which sums that gradient).
 */
final class PreActivationCode implements LayerCode {
    private final LayerContext cx;
    private final LayerCode inner;
    private final LayerContext innerCx;

    /**
     * @param cx      the layer with its activation
     * @param innerCx the same layer without it, the context {@code inner} was made with
     * @param inner   the kind's code
     */
    PreActivationCode(LayerContext cx, LayerContext innerCx, LayerCode inner) {
        this.cx = cx;
        this.innerCx = innerCx;
        this.inner = inner;
    }

    /** The kind's code this wraps (run without the activation). */
    LayerCode inner() {
        return inner;
    }

    private String preField() {
        return cx.ident("Pre");
    }

    private String activateMethod() {
        return cx.ident("Activate");
    }

    private String slopeMethod() {
        return cx.ident("ActivationBackward");
    }

    private String size() {
        return cx.constant("ACT_SIZE");
    }

    private boolean sync() {
        return cx.layer().needsWholeBatch(true);
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        inner.addTo(type);
        type.addField(cx.intConstant("ACT_SIZE", cx.layer().output().size(), null));
        type.addField(FieldSpec.builder(float[].class, preField(), Modifier.PRIVATE)
                .addJavadoc("$L's pre-activation in the last forward, for the $L slope in backward.\n", cx.name(),
                        ActivationCode.display(cx.activation()))
                .build());
        type.addMethod(MethodSpec.methodBuilder(activateMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L's $L in place over images {@code [n0, n1)}, keeping the pre-activation in {@code pre} unless it is null.\n",
                        cx.name(), ActivationCode.display(cx.activation()))
                .addParameter(float[].class, "out").addParameter(float[].class, "pre")
                .addParameter(int.class, "n0").addParameter(int.class, "n1")
                .beginControlFlow("if (pre != null)")
                .addStatement("System.arraycopy(out, n0 * $L, pre, n0 * $L, (n1 - n0) * $L)", size(), size(), size())
                .endControlFlow()
                .beginControlFlow("for (int i = n0 * $L, end = n1 * $L; i < end; i++)", size(), size())
                .addStatement("float z = out[i]")
                .addStatement("out[i] = $L", ActivationCode.apply(cx.activation(), "z"))
                .endControlFlow()
                .build());
        type.addMethod(MethodSpec.methodBuilder(slopeMethod()).addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L's output gradient times the $L slope at the kept pre-activation, in place over images {@code [n0, n1)}.\n",
                        cx.name(), ActivationCode.display(cx.activation()))
                .addParameter(float[].class, "gOut").addParameter(int.class, "n0").addParameter(int.class, "n1")
                .beginControlFlow("for (int i = n0 * $L, end = n1 * $L; i < end; i++)", size(), size())
                .addStatement("float z = $L[i]", preField())
                .addStatement("gOut[i] = $L", ActivationCode.derivativeAtInput(cx.activation(), "gOut[i]", "z"))
                .endControlFlow()
                .build());
    }

    @Override
    public CodeBlock forwardCall(LayerContext cx, List<String> ins, String out) {
        String pre = out.equals(this.cx.outField()) ? preField() : "null";
        return CodeBlock.builder()
                .add(inner.forwardCall(innerCx, ins, out))
                .addStatement("$L($L, $L, n0, n1)", activateMethod(), out, pre)
                .build();
    }

    @Override
    public CodeBlock backwardCall(LayerContext cx, List<String> ins, String out, String gOut, List<String> gIns) {
        CodeBlock.Builder b = CodeBlock.builder();
        if (!sync()) {
            b.addStatement("$L($L, n0, n1)", slopeMethod(), gOut);
        }
        return b.add(inner.backwardCall(innerCx, ins, out, gOut, gIns)).build();
    }

    @Override
    public void addForwardBatchPart(CodeBlock.Builder forward, String in) {
        inner.addForwardBatchPart(forward, in);
    }

    /** A sync op's batch-wide backward reads the pre-activation gradient of every image: the slope goes first. */
    @Override
    public void addBackwardBatchPart(CodeBlock.Builder backward, String in, String out, String gOut) {
        backward.addStatement("$L($L, 0, forwardBatch)", slopeMethod(), gOut);
        inner.addBackwardBatchPart(backward, in, out, gOut);
    }

    /** The kind's copies and the kept pre-activation. */
    @Override
    public int tileCopies() {
        return inner.tileCopies() + 1;
    }

    @Override
    public long scratchFloats() {
        return inner.scratchFloats();
    }

    @Override
    public void addPlanning(CodeBlock.Builder plan) {
        inner.addPlanning(plan);
        plan.addStatement("$L = new float[maxBatch * $L]", preField(), cx.layer().output().size());
    }

    @Override
    public void addConstruction(CodeBlock.Builder constructor) {
        inner.addConstruction(constructor);
    }

    @Override
    public void addBeforeForward(CodeBlock.Builder forward) {
        inner.addBeforeForward(forward);
    }

    @Override
    public void addBeforeBackward(CodeBlock.Builder backward) {
        inner.addBeforeBackward(backward);
    }

    @Override
    public FoldableCode foldable() {
        return inner.foldable();
    }

    @Override
    public String fusionNote() {
        return inner.fusionNote() + "; then " + ActivationCode.display(cx.activation())
                + " in place, keeping the pre-activation for backward's slope";
    }
}
