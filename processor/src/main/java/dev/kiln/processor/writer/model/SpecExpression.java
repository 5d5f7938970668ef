package dev.kiln.processor.writer.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.dsl.FillMode;
import dev.kiln.dsl.FlipMode;
import dev.kiln.spec.AddOp;
import dev.kiln.spec.Augment;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.ConcatOp;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.DenseOp;
import dev.kiln.spec.DropoutOp;
import dev.kiln.spec.FlattenOp;
import dev.kiln.spec.GlobalAvgPool2dOp;
import dev.kiln.spec.MaxPool2dOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Window;
import java.util.List;

/**
 * The {@code NetworkSpec.builder(...)...build()} expression that rebuilds a validated spec at run
 * time, one builder call per layer on its own line, with every window written out so that the
 * generated code does not depend on how {@code same} padding is computed.
 */
final class SpecExpression {
    private static final ClassName NETWORK_SPEC = ClassName.get(NetworkSpec.class);
    private static final ClassName WINDOW = ClassName.get(Window.class);

    private SpecExpression() {
    }

    static CodeBlock of(NetworkSpec spec) {
        CodeBlock.Builder b = CodeBlock.builder();
        b.add("$T.builder($S, $L, $L, $L, $T.$L)", NETWORK_SPEC, spec.qualifiedName(), spec.input().channels(),
                spec.input().height(), spec.input().width(), Loss.class, spec.loss().name());
        b.indent().indent();
        String previous = Op.INPUT;
        for (Op l : spec.layers()) {
            b.add("\n");
            if (!l.inputs().equals(List.of(previous)) || l instanceof AddOp || l instanceof ConcatOp) {
                b.add(".from($L)", l.inputs().stream().map(t -> CodeBlock.of("$S", t)).collect(CodeBlock.joining(", ")));
            }
            b.add(l.accept(new Op.Visitor<CodeBlock>() {
                @Override
                public CodeBlock conv(Conv2dOp c) {
                    return CodeBlock.of(".conv($S, $L, $L, $L, $T.$L, $L, $T.$L, $T.$L)", c.name(), c.filters(), window(c.window()),
                            c.same(), PaddingMode.class, c.paddingMode().name(), c.bias(), Activation.class, c.activation().name(),
                            Init.class, c.init().name());
                }

                @Override
                public CodeBlock maxPool(MaxPool2dOp p) {
                    return CodeBlock.of(".maxPool($S, $L)", p.name(), window(p.window()));
                }

                @Override
                public CodeBlock avgPool(AvgPool2dOp p) {
                    return CodeBlock.of(".avgPool($S, $L)", p.name(), window(p.window()));
                }

                @Override
                public CodeBlock flatten(FlattenOp f) {
                    return CodeBlock.of(".flatten($S)", f.name());
                }

                @Override
                public CodeBlock dense(DenseOp d) {
                    return CodeBlock.of(".dense($S, $L, $L, $T.$L, $T.$L)", d.name(), d.units(), d.bias(), Activation.class,
                            d.activation().name(), Init.class, d.init().name());
                }

                @Override
                public CodeBlock dropout(DropoutOp d) {
                    return CodeBlock.of(".dropout($S, $L)", d.name(), doubleLiteral(d.rate()));
                }

                @Override
                public CodeBlock add(AddOp a) {
                    return CodeBlock.of(".add($S, $T.$L)", a.name(), Activation.class, a.activation().name());
                }

                @Override
                public CodeBlock concat(ConcatOp c) {
                    return CodeBlock.of(".concat($S)", c.name());
                }

                @Override
                public CodeBlock batchNorm(BatchNormOp n) {
                    return CodeBlock.of(".batchNorm($S, $L, $L, $T.$L)", n.name(), doubleLiteral(n.eps()), doubleLiteral(n.momentum()),
                            Activation.class, n.activation().name());
                }

                @Override
                public CodeBlock globalAvgPool(GlobalAvgPool2dOp g) {
                    return CodeBlock.of(".globalAvgPool($S)", g.name());
                }

                @Override
                public CodeBlock augment(AugmentOp a) {
                    return CodeBlock.of(".augment($S, $L)", a.name(), transform(a.transform()));
                }
            }));
            previous = l.name();
        }
        b.add("\n.build()");
        b.unindent().unindent();
        return b.build();
    }

    private static CodeBlock transform(Augment t) {
        ClassName augment = ClassName.get(Augment.class);
        if (t instanceof Augment.Flip f) {
            return CodeBlock.of("new $T($T.$L)", augment.nestedClass("Flip"), FlipMode.class, f.mode().name());
        }
        if (t instanceof Augment.Translation tr) {
            return CodeBlock.of("new $T($L, $L, $T.$L)", augment.nestedClass("Translation"), doubleLiteral(tr.height()),
                    doubleLiteral(tr.width()), FillMode.class, tr.fill().name());
        }
        if (t instanceof Augment.Rotation r) {
            return CodeBlock.of("new $T($L, $T.$L)", augment.nestedClass("Rotation"), doubleLiteral(r.degrees()), FillMode.class,
                    r.fill().name());
        }
        if (t instanceof Augment.Zoom z) {
            return CodeBlock.of("new $T($L, $T.$L)", augment.nestedClass("Zoom"), doubleLiteral(z.value()), FillMode.class,
                    z.fill().name());
        }
        return CodeBlock.of("new $T($L)", augment.nestedClass("Contrast"), doubleLiteral(((Augment.Contrast) t).value()));
    }

    private static CodeBlock window(Window w) {
        if (w.padTop() == w.padBottom() && w.padLeft() == w.padRight()) {
            return CodeBlock.of("$T.symmetric($L, $L, $L, $L, $L, $L, $L, $L)", WINDOW, w.kernelH(), w.kernelW(),
                    w.strideH(), w.strideW(), w.padTop(), w.padLeft(), w.dilationH(), w.dilationW());
        }
        return CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", WINDOW, w.kernelH(), w.kernelW(),
                w.strideH(), w.strideW(), w.padTop(), w.padBottom(), w.padLeft(), w.padRight(), w.dilationH(), w.dilationW());
    }

    /** The shortest literal that reads back as exactly this double. */
    private static String doubleLiteral(double v) {
        return Double.toString(v);
    }
}
