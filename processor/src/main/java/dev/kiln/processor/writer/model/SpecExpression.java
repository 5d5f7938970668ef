package dev.kiln.processor.writer.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;

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
        for (LayerSpec l : spec.layers()) {
            b.add("\n");
            switch (l.kind()) {
                case CONV2D -> b.add(".conv($S, $L, $L, $L, $T.$L, $L, $T.$L, $T.$L)", l.name(), l.units(), window(l.window()),
                        l.same(), PaddingMode.class, l.paddingMode().name(), l.bias(), Activation.class, l.activation().name(),
                        Init.class, l.init().name());
                case MAX_POOL2D -> b.add(".maxPool($S, $L)", l.name(), window(l.window()));
                case AVG_POOL2D -> b.add(".avgPool($S, $L)", l.name(), window(l.window()));
                case FLATTEN -> b.add(".flatten($S)", l.name());
                case DENSE -> b.add(".dense($S, $L, $L, $T.$L, $T.$L)", l.name(), l.units(), l.bias(), Activation.class,
                        l.activation().name(), Init.class, l.init().name());
                case DROPOUT -> b.add(".dropout($S, $L)", l.name(), doubleLiteral(l.rate()));
            }
        }
        b.add("\n.build()");
        b.unindent().unindent();
        return b.build();
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
