package dev.kiln.processor.writer.opencl;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.opencl.KernelArg;
import dev.kiln.opencl.OpenClBuffer;
import dev.kiln.opencl.OpenClLaunch;
import dev.kiln.processor.writer.GeneratedNames;
import dev.kiln.spec.NetworkSpec;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code FooOpenCl}: the network's OpenCL program (also written as {@code FooModel.cl}) and
 * its launch plan, as {@link OpenClPlanner} decides them.
 */
public final class OpenClWriter {
    /** Characters per string constant: a class file constant holds at most 65,535 bytes. */
    private static final int CHUNK = 16_000;
    /** Launches added per generated helper method (about 60 bytes of bytecode each). */
    private static final int LAUNCHES_PER_METHOD = 200;
    private static final ClassName LAUNCH = ClassName.get(OpenClLaunch.class);
    private static final ClassName BUFFER = ClassName.get(OpenClBuffer.class);
    private static final ClassName ARG = ClassName.get(KernelArg.class);
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private OpenClWriter() {
    }

    /** The program source written to {@link GeneratedNames#openClResource}. */
    public static String source(NetworkSpec spec) {
        return OpenClPlanner.plan(spec).source();
    }

    /** {@code FooOpenCl} for {@code spec}; {@code origin} is the annotated class (null in tests). */
    public static JavaFile write(NetworkSpec spec, Element origin) {
        OpenClPlan plan = OpenClPlanner.plan(spec);
        TypeName launchList = ParameterizedTypeName.get(ClassName.get(List.class), LAUNCH);
        TypeName bufferList = ParameterizedTypeName.get(ClassName.get(List.class), BUFFER);
        TypeName stringList = ParameterizedTypeName.get(List.class, String.class);
        TypeSpec.Builder type = TypeSpec.classBuilder(GeneratedNames.openCl(spec))
                .addJavadoc("The OpenCL program of {@code $L} and its launch plan: $L launches per forward pass, $L per training step.\n",
                        spec.simpleName(), plan.forwardLaunches(), plan.trainingStepLaunches())
                .addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", "dev.kiln.processor.KilnProcessor").build())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(GeneratedNames.OPENCL_PROGRAM)
                .addField(constant(String.class, "SOURCE", sourceInitializer(plan.source())))
                .addField(constant(bufferList, "BUFFERS", buffers(plan.buffers())))
                .addField(constant(launchList, "FORWARD", CodeBlock.of("forwardPlanLaunches()")))
                .addField(constant(launchList, "PREDICT", plan.predict().equals(plan.forward()) ? CodeBlock.of("FORWARD")
                        : CodeBlock.of("predictPlanLaunches()")))
                .addField(constant(launchList, "TRAINING", CodeBlock.of("trainingPlanLaunches()")))
                .addField(constant(LAUNCH, "SGD", launch(plan.sgd())))
                .addField(constant(LAUNCH, "ADAM", launch(plan.adam())))
                .addField(constant(stringList, "LAYER_BUFFERS", strings(plan.layerBuffers())))
                .addMethod(getter("source", TypeName.get(String.class), CodeBlock.of("SOURCE")))
                .addMethod(getter("forwardLaunches", TypeName.INT, CodeBlock.of("$L", plan.forwardLaunches())))
                .addMethod(getter("trainingStepLaunches", TypeName.INT, CodeBlock.of("$L", plan.trainingStepLaunches())))
                .addMethod(getter("buffers", bufferList, CodeBlock.of("BUFFERS")))
                .addMethod(getter("forwardPlan", launchList, CodeBlock.of("FORWARD")))
                .addMethod(getter("predictPlan", launchList, CodeBlock.of("PREDICT")))
                .addMethod(getter("trainingPlan", launchList, CodeBlock.of("TRAINING")))
                .addMethod(getter("sgdUpdate", LAUNCH, CodeBlock.of("SGD")))
                .addMethod(getter("adamUpdate", LAUNCH, CodeBlock.of("ADAM")))
                .addMethod(getter("layerBuffers", stringList, CodeBlock.of("LAYER_BUFFERS")))
                .addMethod(getter("trainingOutputBuffer", TypeName.get(String.class), CodeBlock.of("$S", plan.trainingOutput())));
        addListBuilders(type, "forwardPlanLaunches", plan.forward());
        if (!plan.predict().equals(plan.forward())) {
            addListBuilders(type, "predictPlanLaunches", plan.predict());
        }
        addListBuilders(type, "trainingPlanLaunches", plan.training());
        if (origin != null) {
            type.addOriginatingElement(origin);
        }
        return JavaFile.builder(GeneratedNames.packageName(spec), type.build()).skipJavaLangImports(true).build();
    }

    private static FieldSpec constant(Object type, String name, CodeBlock init) {
        TypeName t = type instanceof TypeName tn ? tn : TypeName.get((Class<?>) type);
        return FieldSpec.builder(t, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer(init).build();
    }

    private static MethodSpec getter(String name, TypeName type, CodeBlock value) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(type).addStatement("return $L", value).build();
    }

    /** {@code String.join("", chunk, chunk, ...)}: separate constants, which javac does not fold into one. */
    private static CodeBlock sourceInitializer(String source) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.join($S$>", String.class, "");
        for (int i = 0; i < source.length(); i += CHUNK) {
            b.add(",\n$S", source.substring(i, Math.min(source.length(), i + CHUNK)));
        }
        return b.add("$<)").build();
    }

    /**
     * {@code name()} building the launch list through helpers of at most {@link #LAUNCHES_PER_METHOD}
     * launches each, so that a network of hundreds of layers stays under the JVM's 64 KiB of bytecode per method.
     */
    private static void addListBuilders(TypeSpec.Builder type, String name, List<OpenClLaunch> launches) {
        TypeName list = ParameterizedTypeName.get(ClassName.get(List.class), LAUNCH);
        TypeName arrayList = ParameterizedTypeName.get(ClassName.get(java.util.ArrayList.class), LAUNCH);
        MethodSpec.Builder all = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(list)
                .addStatement("$T launches = new $T<>()", arrayList, java.util.ArrayList.class);
        for (int part = 0; part * LAUNCHES_PER_METHOD < launches.size(); part++) {
            MethodSpec.Builder m = MethodSpec.methodBuilder(name + part).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addParameter(list, "launches");
            for (OpenClLaunch l : launches.subList(part * LAUNCHES_PER_METHOD,
                    Math.min(launches.size(), (part + 1) * LAUNCHES_PER_METHOD))) {
                m.addStatement("launches.add($L)", launch(l));
            }
            type.addMethod(m.build());
            all.addStatement("$L(launches)", name + part);
        }
        type.addMethod(all.addStatement("return $T.copyOf(launches)", List.class).build());
    }

    private static CodeBlock buffers(List<OpenClBuffer> buffers) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.of($>", List.class);
        for (int i = 0; i < buffers.size(); i++) {
            OpenClBuffer p = buffers.get(i);
            b.add(i == 0 ? "\n" : ",\n").add("new $T($S, $LL, $LL, $L)", BUFFER, p.name(), p.perImage(), p.fixed(), p.integer());
        }
        return b.add("$<)").build();
    }

    private static CodeBlock launch(OpenClLaunch l) {
        CodeBlock.Builder dims = CodeBlock.builder();
        for (int i = 0; i < l.global().length; i++) {
            dims.add(i == 0 ? "$LL" : ", $LL", l.global()[i]);
        }
        if (l.gradientOfLayer() >= 0) {
            return CodeBlock.of("new $T($S, new long[] {$L}, $L, $L, $L, $L)", LAUNCH, l.kernel(), dims.build(), l.perImage(),
                    l.tiled(), args(l.args()), l.gradientOfLayer());
        }
        return CodeBlock.of("new $T($S, new long[] {$L}, $L, $L, $L)", LAUNCH, l.kernel(), dims.build(), l.perImage(),
                l.tiled(), args(l.args()));
    }

    /** {@code List.of(KernelArg.buffer("params"), KernelArg.Scalar.BATCH, KernelArg.constant(3))}. */
    private static CodeBlock args(List<KernelArg> args) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.of(", List.class);
        for (int i = 0; i < args.size(); i++) {
            KernelArg a = args.get(i);
            b.add(i == 0 ? "" : ", ");
            if (a instanceof KernelArg.Buffer buffer) {
                b.add("$T.buffer($S)", ARG, buffer.name());
            } else if (a instanceof KernelArg.Constant constant) {
                b.add("$T.constant($L)", ARG, constant.value());
            } else {
                b.add("$T.$L", ARG.nestedClass("Scalar"), ((KernelArg.Scalar) a).name());
            }
        }
        return b.add(")").build();
    }

    private static CodeBlock strings(List<String> values) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.of(", List.class);
        for (int i = 0; i < values.size(); i++) {
            b.add(i == 0 ? "$S" : ", $S", values.get(i));
        }
        return b.add(")").build();
    }
}
