package dev.kiln.processor.writer.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;

/**
 * The method that rebuilds a validated spec at run time: one local per layer, constructed as its
 * {@link Op} record with every component written out (windows included, so the generated code does
 * not depend on how {@code same} padding is computed), each input shape read from the layer that
 * produces it. Any record renders: its canonical constructor takes its components in order, so a new
 * layer kind needs nothing here as long as its components are strings, numbers, booleans, enums,
 * shapes, lists or records of those.
 */
final class SpecExpression {
    private static final ClassName NETWORK_SPEC = ClassName.get(NetworkSpec.class);
    private static final ClassName SHAPE = ClassName.get(Shape.class);
    private static final ClassName WINDOW = ClassName.get(Window.class);

    private final NameAllocator locals = new NameAllocator();
    /** The local holding each tensor's producer: a layer's op, or the input's shape. */
    private final Map<String, String> local = new HashMap<>();

    private SpecExpression(NetworkSpec spec) {
        // the simple names the method mentions: a local of the same name would hide the type
        Set<String> taken = new TreeSet<>(List.of("NetworkSpec", "Shape", "Window", "List", "Loss"));
        for (Op op : spec.layers()) {
            collectTypes(op, taken);
        }
        for (String t : taken) {
            locals.newName(t, "type " + t);
        }
        local.put(Op.INPUT, locals.newName(Op.INPUT, Op.INPUT));
    }

    /** {@code private static NetworkSpec name()} building {@code spec}. */
    static MethodSpec method(String name, NetworkSpec spec) {
        return new SpecExpression(spec).build(name, spec);
    }

    private MethodSpec build(String name, NetworkSpec spec) {
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("$T $N = $L", SHAPE, local.get(Op.INPUT), shape(spec.input()));
        List<CodeBlock> layers = new ArrayList<>();
        for (Op op : spec.layers()) {
            String var = locals.newName(op.name(), "layer " + op.name());
            if (!(op instanceof Record r)) {
                throw new IllegalArgumentException(op.name() + ": every op is a record, but " + op.getClass() + " is not");
            }
            b.addStatement("$T $N = $L", op.getClass(), var, record(r, op));
            local.put(op.name(), var);
            layers.add(CodeBlock.of("$N", var));
        }
        b.addStatement("return new $T($S, $N, $T.$L, $T.of($L))", NETWORK_SPEC, spec.qualifiedName(), local.get(Op.INPUT),
                spec.loss().getClass(), spec.loss().name(), List.class, CodeBlock.join(layers, ", "));
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(NETWORK_SPEC)
                .addJavadoc("The op graph as the processor validated it: one record per layer, in order.\n")
                .addCode(b.build())
                .build();
    }

    /** {@code new Conv2dOp("c1", "input", input, 6, ...)}: the record's canonical constructor on its components. */
    private CodeBlock record(Record r, Op op) {
        List<CodeBlock> args = new ArrayList<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            args.add(value(component(r, c), op));
        }
        return CodeBlock.of("new $T($L)", r.getClass(), CodeBlock.join(args, ", "));
    }

    private CodeBlock value(Object v, Op op) {
        if (v instanceof String s) {
            return CodeBlock.of("$S", s);
        }
        if (v instanceof Integer || v instanceof Boolean) {
            return CodeBlock.of("$L", v);
        }
        if (v instanceof Long l) {
            return CodeBlock.of("$LL", l);
        }
        if (v instanceof Double d) {
            return CodeBlock.of("$L", Double.toString(d)); // the shortest literal that reads back as exactly this double
        }
        if (v instanceof Enum<?> e) {
            return CodeBlock.of("$T.$L", e.getDeclaringClass(), e.name());
        }
        if (v instanceof Shape s) {
            return inputShape(s, op);
        }
        if (v instanceof Window w) {
            return window(w);
        }
        if (v instanceof List<?> list) {
            List<CodeBlock> items = new ArrayList<>();
            for (Object item : list) {
                items.add(value(item, op));
            }
            return CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(items, ", "));
        }
        if (v instanceof Record r) {
            return record(r, op);
        }
        throw new IllegalArgumentException(op.name() + ": a " + op.getClass().getSimpleName() + " component holds a "
                + v.getClass().getName() + ", which the generated model cannot write");
    }

    /** A shape as its producer's output when one of the op's inputs has it, else literally. */
    private CodeBlock inputShape(Shape s, Op op) {
        for (int k = 0; k < op.inputs().size(); k++) {
            if (op.inputShapes().get(k).equals(s)) {
                String t = op.inputs().get(k);
                return t.equals(Op.INPUT) ? CodeBlock.of("$N", local.get(t)) : CodeBlock.of("$N.output()", local.get(t));
            }
        }
        return shape(s);
    }

    private static CodeBlock shape(Shape s) {
        return s.isVector() ? CodeBlock.of("$T.vector($L)", SHAPE, s.channels())
                : CodeBlock.of("$T.of($L, $L, $L)", SHAPE, s.channels(), s.height(), s.width());
    }

    private static CodeBlock window(Window w) {
        if (w.padTop() == w.padBottom() && w.padLeft() == w.padRight()) {
            return CodeBlock.of("$T.symmetric($L, $L, $L, $L, $L, $L, $L, $L)", WINDOW, w.kernelH(), w.kernelW(),
                    w.strideH(), w.strideW(), w.padTop(), w.padLeft(), w.dilationH(), w.dilationW());
        }
        return CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", WINDOW, w.kernelH(), w.kernelW(),
                w.strideH(), w.strideW(), w.padTop(), w.padBottom(), w.padLeft(), w.padRight(), w.dilationH(), w.dilationW());
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("reading " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }

    /** The simple names of the record and enum types {@code v} mentions. */
    private static void collectTypes(Object v, Set<String> into) {
        if (v instanceof Enum<?> e) {
            into.add(e.getDeclaringClass().getSimpleName());
        } else if (v instanceof List<?> list) {
            list.forEach(item -> collectTypes(item, into));
        } else if (v instanceof Record r) {
            into.add(r.getClass().getSimpleName());
            if (r.getClass().getEnclosingClass() != null) {
                into.add(r.getClass().getEnclosingClass().getSimpleName());
            }
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                collectTypes(component(r, c), into);
            }
        }
    }
}
