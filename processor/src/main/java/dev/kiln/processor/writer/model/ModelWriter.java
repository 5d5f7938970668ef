package dev.kiln.processor.writer.model;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.writer.GeneratedNames;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code FooModel}: the public final class implementing {@code KilnModel}, with the shapes
 * and counts as constants, the {@code SPEC} rebuilt by readable builder calls, the summary table,
 * and factories for the generated Java pass and OpenCL program.
 */
public final class ModelWriter {
    private static final String PROCESSOR = "dev.kiln.processor.KilnProcessor";

    private ModelWriter() {
    }

    /**
     * @param generated the {@code @Generated} annotation type the compilation has
     *                  ({@code javax.annotation.processing.Generated} from Java 9), or null for none
     */
    public static JavaFile write(NetworkSpec spec, Element origin, ClassName generated) {
        ClassName model = GeneratedNames.model(spec);
        TypeSpec.Builder type = TypeSpec.classBuilder(model)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(GeneratedNames.KILN_MODEL)
                .addOriginatingElement(origin)
                .addJavadoc(javadoc(spec));
        if (generated != null) {
            type.addAnnotation(AnnotationSpec.builder(generated).addMember("value", "$S", PROCESSOR).build());
        }
        ConstantNames names = new ConstantNames();
        String specName = names.fixed("SPEC");
        String summaryName = names.fixed("SUMMARY");
        Shape in = spec.input();
        type.addField(constant(names.fixed("INPUT_CHANNELS"), in.channels(), "Input channels."));
        type.addField(constant(names.fixed("INPUT_HEIGHT"), in.height(), "Input height in pixels."));
        type.addField(constant(names.fixed("INPUT_WIDTH"), in.width(), "Input width in pixels."));
        type.addField(constant(names.fixed("INPUT_SIZE"), in.intSize(), "Input elements per image."));
        type.addField(constant(names.fixed("OUTPUT_SIZE"), spec.output().intSize(), "Output elements per image."));
        type.addField(constant(names.fixed("TOTAL_PARAMS"), spec.parameterCount(), "Trainable parameters."));
        type.addField(longConstant(names.fixed("TOTAL_MULTIPLIES"), spec.multiplies(), "Multiplies per image in a forward pass."));
        for (Op l : spec.layers()) {
            Shape out = l.output();
            String what = "Layer {@code " + l.name() + "}";
            type.addField(constant(names.layer(l.name(), "CHANNELS"), out.channels(), what + ": output channels (units for a vector)."));
            type.addField(constant(names.layer(l.name(), "HEIGHT"), out.height(), what + ": output height (1 for a vector)."));
            type.addField(constant(names.layer(l.name(), "WIDTH"), out.width(), what + ": output width (1 for a vector)."));
            type.addField(constant(names.layer(l.name(), "SIZE"), out.intSize(), what + ": output elements per image."));
            type.addField(constant(names.layer(l.name(), "PARAMS"), (int) l.parameterCount(), what + ": trainable parameters."));
            type.addField(longConstant(names.layer(l.name(), "MULTIPLIES"), l.multiplies(), what + ": multiplies per image."));
        }
        String specMethod = "validatedSpec";
        type.addField(FieldSpec.builder(NetworkSpec.class, specName, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The validated network, rebuilt layer by layer as the processor checked it.\n")
                .initializer("$N()", specMethod).build());
        type.addField(FieldSpec.builder(String.class, summaryName, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(summaryExpression(SummaryTable.render(spec))).build());
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("For {@link java.util.ServiceLoader}; the model holds no state. {@link #create()} reads better in code.\n")
                .build());
        type.addMethod(MethodSpec.methodBuilder("create").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(model)
                .addJavadoc("The model of {@code $L}, ready to open on a backend:\n"
                        + "{@code $L.create().open(BackendChoice.AUTO)}. The model holds no state, so one instance\n"
                        + "serves any number of backends.\n", spec.simpleName(), model.simpleName())
                .addStatement("return new $T()", model).build());
        type.addMethod(override("spec", ClassName.get(NetworkSpec.class)).addStatement("return $N", specName).build());
        type.addMethod(override("summary", ClassName.get(String.class)).addStatement("return $N", summaryName).build());
        type.addMethod(override("newJavaPass", GeneratedNames.JAVA_PASS)
                .addStatement("return new $T()", GeneratedNames.javaPass(spec)).build());
        type.addMethod(override("newJavaPass", GeneratedNames.JAVA_PASS)
                .addParameter(GeneratedNames.WORKER_POOL, "pool")
                .addStatement("return new $T(pool)", GeneratedNames.javaPass(spec)).build());
        type.addMethod(override("openCl", GeneratedNames.OPENCL_PROGRAM)
                .addStatement("return new $T()", GeneratedNames.openCl(spec)).build());
        type.addMethod(SpecExpression.method(specMethod, spec));
        return JavaFile.builder(GeneratedNames.packageName(spec), type.build())
                .skipJavaLangImports(true)
                .addFileComment("Generated by Kiln from $L. Do not edit: change the spec instead.", spec.qualifiedName())
                .build();
    }

    private static CodeBlock javadoc(NetworkSpec spec) {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("The Kiln model of {@code $L}: input $L, loss $L.\n\n<ul>\n", spec.qualifiedName(), spec.input(), spec.loss());
        for (Op l : spec.layers()) {
            doc.add("<li>{@code $L} $L: $L</li>\n", l.name(), l.kind().displayName(), l.output());
        }
        return doc.add("</ul>\n\n<p>{@link #create()} gives the model; {@link #open(dev.kiln.runtime.BackendChoice)} puts it on\n"
                + "a backend to train and run ({@code try (Backend backend = $L.create().open(BackendChoice.AUTO)) {...}});\n"
                + "{@link #summary()} is the table {@code kiln summary} prints.\n", GeneratedNames.model(spec).simpleName()).build();
    }

    /**
     * The summary as {@code String.join("\n", line, line, ...)}, one line per source line: a method
     * call is not constant-folded, so a long table never hits the class file's 64 KB limit on one
     * string constant.
     */
    private static CodeBlock summaryExpression(String summary) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.join($S,", String.class, "\n").indent().indent();
        String[] lines = summary.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            b.add("\n$S$L", lines[i], i < lines.length - 1 ? "," : ")");
        }
        return b.unindent().unindent().build();
    }

    private static FieldSpec constant(String name, int value, String doc) {
        return FieldSpec.builder(TypeName.INT, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", doc).initializer("$L", value).build();
    }

    private static FieldSpec longConstant(String name, long value, String doc) {
        return FieldSpec.builder(TypeName.LONG, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", doc).initializer("$LL", value).build();
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
    }
}
