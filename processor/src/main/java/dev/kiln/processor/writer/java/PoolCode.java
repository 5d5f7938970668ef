package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.Pool2dOp;
import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Max and average pooling through a window table built once per class: entry {@code (p, kk)}
 * is the element of a channel plane that window position {@code kk} of output {@code p} reads,
 * or -1 in the padding (or, in ceil mode, past it). Max pooling reads padding as minus infinity, keeps the first
 * maximum in row-major window order (a NaN wins: the last NaN is the argmax, as in PyTorch), and records its index
 * for backward; average pooling reads padding as zero and divides by the window area, or, where PyTorch divides by
 * less (a ceil-mode window hanging past the padding, {@code countIncludePad = false}), by each output's divisor
 * from a second table ({@link AvgPool2dOp#divisor}).
 */
final class PoolCode implements LayerCode {
    private final LayerContext cx;
    private final Pool2dOp l;
    private final Window w;
    private final boolean max;

    PoolCode(LayerContext cx, Pool2dOp op, boolean max) {
        this.cx = cx;
        this.l = op;
        this.w = l.window();
        this.max = max;
    }

    /** Max pooling keeps each output's argmax beside it. */
    @Override
    public int tileCopies() {
        return max ? 2 : 1;
    }

    private String c(String s) {
        return cx.constant(s);
    }

    String argmaxField() {
        return cx.ident("Argmax");
    }

    @Override
    public String fusionNote() {
        return cx.name() + ": " + (max ? "max" : "average") + " pooling " + w.kernelText() + (l.ceilMode() ? ", ceil mode" : "")
                + (max ? ", keeping each window's argmax for backward"
                : perPositionDivisor() ? ", each output divided by its window's count" : ", padding counted in the divisor");
    }

    /** Whether average pooling divides some outputs by less than the window area (a table of divisors). */
    private boolean perPositionDivisor() {
        return !max && !((AvgPool2dOp) l).uniformDivisor();
    }

    private String divisorsMethod() {
        return cx.ident("Divisors");
    }

    /**
     * The divisor of each output position, as PyTorch's avg_pool2d computes it: the window clipped to the padded
     * input (rows {@code [-padTop, H + padBottom)}) with {@code countIncludePad}, to the input without.
     */
    private MethodSpec divisors() {
        AvgPool2dOp a = (AvgPool2dOp) l;
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("float[] table = new float[$L]", c("P"));
        b.beginControlFlow("for (int oy = 0; oy < $L; oy++)", l.output().height());
        b.beginControlFlow("for (int ox = 0; ox < $L; ox++)", l.output().width());
        b.addStatement("int y0 = oy * $L - $L", w.strideH(), w.padTop());
        b.addStatement("int x0 = ox * $L - $L", w.strideW(), w.padLeft());
        b.addStatement("int y1 = Math.min(y0 + $L, $L)", w.kernelH(), l.input().height() + w.padBottom());
        b.addStatement("int x1 = Math.min(x0 + $L, $L)", w.kernelW(), l.input().width() + w.padRight());
        if (a.countIncludePad()) {
            b.addStatement("table[oy * $L + ox] = (y1 - y0) * (x1 - x0)", l.output().width());
        } else {
            b.addStatement("table[oy * $L + ox] = (Math.min(y1, $L) - Math.max(y0, 0)) * (Math.min(x1, $L) - Math.max(x0, 0))",
                    l.output().width(), l.input().height(), l.input().width());
        }
        b.endControlFlow().endControlFlow();
        b.addStatement("return table");
        return MethodSpec.methodBuilder(divisorsMethod()).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(float[].class).addCode(b.build()).build();
    }

    /** The divisor of output position {@code p}: the area, or the table's entry. */
    private String divisor() {
        return perPositionDivisor() ? c("DIVISOR") + "[p]" : c("AREA");
    }

    @Override
    public void addPlanning(CodeBlock.Builder plan) {
        if (max) {
            plan.addStatement("$L = new int[maxBatch * $L]", argmaxField(), c("OUT_SIZE"));
        }
    }

    @Override
    public void addTo(TypeSpec.Builder type) {
        type.addField(cx.intConstant("C", l.input().channels(), null));
        type.addField(cx.intConstant("IN_PLANE", (long) l.input().height() * l.input().width(), null));
        type.addField(cx.intConstant("IN_SIZE", l.input().size(), null));
        type.addField(cx.intConstant("P", (long) l.output().height() * l.output().width(), cx.name() + " output plane (H x W)"));
        type.addField(cx.intConstant("OUT_SIZE", l.output().size(), null));
        type.addField(cx.intConstant("AREA", (long) w.kernelH() * w.kernelW(), cx.name() + " window area " + w.kernelText()));
        type.addField(FieldSpec.builder(int[].class, c("WINDOW"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L()", tableMethod())
                .addJavadoc("For each output position and window position: the plane element read, or -1 in the padding.\n")
                .build());
        if (perPositionDivisor()) {
            type.addField(FieldSpec.builder(float[].class, c("DIVISOR"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$L()", divisorsMethod())
                    .addJavadoc("For each output position: what its window's sum is divided by.\n")
                    .build());
            type.addMethod(divisors());
        }
        if (max) {
            type.addField(FieldSpec.builder(int[].class, argmaxField(), Modifier.PRIVATE)
                    .addJavadoc("Per output element of the last forward: the input plane element holding its maximum.\n")
                    .build());
        }
        type.addMethod(table());
        type.addMethod(forward());
        type.addMethod(backward());
    }

    private String tableMethod() {
        return cx.ident("WindowTable");
    }

    private MethodSpec table() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// window $L, stride $Lx$L, padding top $L bottom $L left $L right $L\n", w.kernelText(), w.strideH(), w.strideW(),
                w.padTop(), w.padBottom(), w.padLeft(), w.padRight());
        b.addStatement("int[] table = new int[$L * $L]", c("P"), c("AREA"));
        b.beginControlFlow("for (int oy = 0; oy < $L; oy++)", l.output().height());
        b.beginControlFlow("for (int ox = 0; ox < $L; ox++)", l.output().width());
        b.beginControlFlow("for (int ky = 0; ky < $L; ky++)", w.kernelH());
        b.beginControlFlow("for (int kx = 0; kx < $L; kx++)", w.kernelW());
        b.addStatement("int iy = oy * $L - $L + ky * $L", w.strideH(), w.padTop(), w.dilationH());
        b.addStatement("int ix = ox * $L - $L + kx * $L", w.strideW(), w.padLeft(), w.dilationW());
        b.addStatement("boolean inside = iy >= 0 && iy < $L && ix >= 0 && ix < $L", l.input().height(), l.input().width());
        b.addStatement("table[((oy * $L + ox) * $L + ky) * $L + kx] = inside ? iy * $L + ix : -1",
                l.output().width(), w.kernelH(), w.kernelW(), l.input().width());
        b.endControlFlow().endControlFlow().endControlFlow().endControlFlow();
        b.addStatement("return table");
        return MethodSpec.methodBuilder(tableMethod()).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(int[].class).addCode(b.build()).build();
    }

    private void planeLoops(CodeBlock.Builder b) {
        b.beginControlFlow("for (int n = n0; n < n1; n++)");
        b.beginControlFlow("for (int ch = 0; ch < $L; ch++)", c("C"));
        b.addStatement("int plane = n * $L + ch * $L", c("IN_SIZE"), c("IN_PLANE"));
        b.addStatement("int row = n * $L + ch * $L", c("OUT_SIZE"), c("P"));
    }

    /** Whether no window reaches into the padding, so that the table has no -1 entries. */
    private boolean windowsInside() {
        int lastY = w.inputRow(l.output().height() - 1, w.kernelH() - 1);
        int lastX = w.inputColumn(l.output().width() - 1, w.kernelW() - 1);
        return w.padTop() == 0 && w.padLeft() == 0 && lastY < l.input().height() && lastX < l.input().width();
    }

    private MethodSpec forward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        planeLoops(b);
        if (max && windowsInside() && (long) w.kernelH() * w.kernelW() <= 16) {
            unrolledMax(b);
            b.endControlFlow().endControlFlow();
            return cx.forwardSignature().addJavadoc("$L\n", fusionNote()).addCode(b.build()).build();
        }
        if (max && (long) w.kernelH() * w.kernelW() <= 16 && interiorRows()[1] > interiorRows()[0]
                && interiorColumns()[1] > interiorColumns()[0]) {
            unrolledInteriorMax(b);
            b.endControlFlow().endControlFlow();
            return cx.forwardSignature().addJavadoc("$L\n", fusionNote()).addCode(b.build()).build();
        }
        b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
        b.addStatement("int t = p * $L", c("AREA"));
        if (max && windowsInside()) {
            b.add("// every window lies inside the plane: start from its first element, then select without branches\n");
            b.add("// (a data-dependent branch per element mispredicts about half the time)\n");
            b.addStatement("int arg = $L[t]", c("WINDOW"));
            b.addStatement("float m = in[plane + arg]");
            b.beginControlFlow("for (int kk = 1; kk < $L; kk++)", c("AREA"));
            b.addStatement("int src = $L[t + kk]", c("WINDOW"));
            b.addStatement("float v = in[plane + src]");
            b.add("// first maximum wins ties; a NaN makes the maximum NaN (the last NaN is the argmax, as in PyTorch)\n");
            b.addStatement("boolean take = v > m | v != v");
            b.addStatement("m = take ? v : m");
            b.addStatement("arg = take ? src : arg");
            b.endControlFlow();
            b.addStatement("out[row + p] = m");
            b.addStatement("$L[row + p] = arg", argmaxField());
        } else if (max) {
            tableMax(b);
        } else {
            b.addStatement("float s = 0f");
            b.beginControlFlow("for (int kk = 0; kk < $L; kk++)", c("AREA"));
            b.addStatement("int src = $L[t + kk]", c("WINDOW"));
            b.beginControlFlow("if (src >= 0)").addStatement("s += in[plane + src]").endControlFlow();
            b.endControlFlow();
            b.addStatement("out[row + p] = s / $L", divisor());
        }
        b.endControlFlow().endControlFlow().endControlFlow();
        return cx.forwardSignature().addJavadoc("$L\n", fusionNote()).addCode(b.build()).build();
    }

    /** The output rows {@code [from, to)} whose windows lie inside the input's rows (no padding, nothing past the end). */
    private int[] interiorRows() {
        return interior(l.output().height(), l.input().height(), w.kernelH(), w.dilationH(), true);
    }

    /** The output columns {@code [from, to)} whose windows lie inside the input's columns. */
    private int[] interiorColumns() {
        return interior(l.output().width(), l.input().width(), w.kernelW(), w.dilationW(), false);
    }

    private int[] interior(int outSize, int inSize, int kernel, int dilation, boolean rows) {
        int from = 0;
        while (from < outSize && (rows ? w.inputRow(from, 0) : w.inputColumn(from, 0)) < 0) {
            from++;
        }
        int to = outSize;
        while (to > from && (rows ? w.inputRow(to - 1, kernel - 1) : w.inputColumn(to - 1, kernel - 1)) >= inSize) {
            to--;
        }
        return new int[] {from, to};
    }

    /**
     * Max pooling with padding (ResNet's 3x3/2 stem pool): the windows inside the plane unrolled and selected without
     * branches as in {@link #unrolledMax}, the border ones through the table, which skips the padding; both keep the
     * first maximum in row-major window order, so each output and argmax is what the table alone gives.
     */
    private void unrolledInteriorMax(CodeBlock.Builder b) {
        int[] rows = interiorRows();
        int[] cols = interiorColumns();
        b.addStatement("int p = 0");
        b.beginControlFlow("for (int oy = 0; oy < $L; oy++)", l.output().height());
        b.beginControlFlow("for (int ox = 0; ox < $L; ox++, p++)", l.output().width());
        List<String> inside = new ArrayList<>();
        if (rows[0] > 0) {
            inside.add("oy >= " + rows[0]);
        }
        if (rows[1] < l.output().height()) {
            inside.add("oy < " + rows[1]);
        }
        if (cols[0] > 0) {
            inside.add("ox >= " + cols[0]);
        }
        if (cols[1] < l.output().width()) {
            inside.add("ox < " + cols[1]);
        }
        b.beginControlFlow("if ($L)", String.join(" && ", inside));
        b.addStatement("int corner = (oy * $L - $L) * $L + ox * $L - $L", w.strideH(), w.padTop(), l.input().width(), w.strideW(),
                w.padLeft());
        selectUnrolled(b);
        b.nextControlFlow("else");
        b.add("// a border window: the table's -1 entries are the padding, read as minus infinity\n");
        b.addStatement("int t = p * $L", c("AREA"));
        tableMax(b);
        b.endControlFlow();
        b.endControlFlow().endControlFlow();
    }

    /** Output {@code p}'s maximum and argmax through the table from {@code t}, skipping its -1 (padding) entries. */
    private void tableMax(CodeBlock.Builder b) {
        b.addStatement("float m = Float.NEGATIVE_INFINITY");
        b.addStatement("int arg = -1");
        b.beginControlFlow("for (int kk = 0; kk < $L; kk++)", c("AREA"));
        b.addStatement("int src = $L[t + kk]", c("WINDOW"));
        b.beginControlFlow("if (src >= 0)");
        b.addStatement("float v = in[plane + src]");
        b.add("// first maximum wins ties; a NaN makes the maximum NaN (the last NaN is the argmax, as in PyTorch)\n");
        b.beginControlFlow("if (arg < 0 || v > m || v != v)");
        b.addStatement("m = v");
        b.addStatement("arg = src");
        b.endControlFlow().endControlFlow().endControlFlow();
        b.addStatement("out[row + p] = m");
        b.addStatement("$L[row + p] = arg", argmaxField());
    }

    /**
     * Max pooling whose windows all lie inside the plane, small enough to unroll: each window element is
     * a constant offset from the window's corner, read in row-major order like the table, and selected
     * without branches (a data-dependent branch per element mispredicts about half the time).
     */
    private void unrolledMax(CodeBlock.Builder b) {
        b.addStatement("int p = 0");
        b.beginControlFlow("for (int oy = 0; oy < $L; oy++)", l.output().height());
        b.beginControlFlow("for (int ox = 0; ox < $L; ox++, p++)", l.output().width());
        b.addStatement("int corner = oy * $L + ox * $L", (long) w.strideH() * l.input().width(), w.strideW());
        selectUnrolled(b);
        b.endControlFlow().endControlFlow();
    }

    /** From {@code corner}, the window's first element: each other element selected without branches, then the stores. */
    private void selectUnrolled(CodeBlock.Builder b) {
        b.addStatement("int arg = corner");
        b.addStatement("float m = in[plane + corner]");
        b.add("// first maximum wins ties; a NaN makes the maximum NaN (the last NaN is the argmax, as in PyTorch)\n");
        for (int ky = 0; ky < w.kernelH(); ky++) {
            for (int kx = 0; kx < w.kernelW(); kx++) {
                if (ky == 0 && kx == 0) {
                    continue;
                }
                long offset = (long) ky * w.dilationH() * l.input().width() + (long) kx * w.dilationW();
                b.add("{\n$>");
                b.addStatement("int src = corner + $L", offset);
                b.addStatement("float v = in[plane + src]");
                b.addStatement("boolean take = v > m | v != v");
                b.addStatement("m = take ? v : m");
                b.addStatement("arg = take ? src : arg");
                b.add("$<}\n");
            }
        }
        b.addStatement("out[row + p] = m");
        b.addStatement("$L[row + p] = arg", argmaxField());
    }

    private MethodSpec backward() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("// $L\n", cx.shapeComment());
        b.beginControlFlow("if (gIn == null)").addStatement("return").endControlFlow();
        b.addStatement("$T.fill(gIn, n0 * $L, n1 * $L, 0f)", Arrays.class, c("IN_SIZE"), c("IN_SIZE"));
        planeLoops(b);
        b.beginControlFlow("for (int p = 0; p < $L; p++)", c("P"));
        if (max) {
            b.addStatement("gIn[plane + $L[row + p]] += gOut[row + p]", argmaxField());
        } else {
            b.addStatement("float g = gOut[row + p] / $L", divisor());
            b.addStatement("int t = p * $L", c("AREA"));
            b.beginControlFlow("for (int kk = 0; kk < $L; kk++)", c("AREA"));
            b.addStatement("int src = $L[t + kk]", c("WINDOW"));
            b.beginControlFlow("if (src >= 0)").addStatement("gIn[plane + src] += g").endControlFlow();
            b.endControlFlow();
        }
        b.endControlFlow().endControlFlow().endControlFlow();
        return cx.backwardSignature().addJavadoc("Backward of $L\n", fusionNote()).addCode(b.build()).build();
    }
}
