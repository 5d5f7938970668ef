package dev.kiln.processor.writer.java;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.writer.GeneratedNames;
import dev.kiln.spec.NetworkSpec;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code FooJavaPass}. PLACEHOLDER of the skeleton commit: the generated class only throws;
 * the fused generator replaces this file.
 */
public final class JavaPassWriter {
    private JavaPassWriter() {
    }

    public static JavaFile write(NetworkSpec spec, Element origin) {
        TypeSpec.Builder type = TypeSpec.classBuilder(GeneratedNames.javaPass(spec))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(GeneratedNames.JAVA_PASS)
                .addOriginatingElement(origin);
        for (String m : new String[] {"plan", "plannedBatch", "forward", "layerOutput", "output", "loss", "backward"}) {
            MethodSpec.Builder b = MethodSpec.methodBuilder(m).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC);
            switch (m) {
                case "plan" -> b.addParameter(int.class, "maxBatch");
                case "plannedBatch" -> b.returns(int.class);
                case "forward" -> b.addParameter(float[].class, "params").addParameter(float[].class, "input")
                        .addParameter(int.class, "batch").addParameter(boolean.class, "training").addParameter(long.class, "seed");
                case "layerOutput" -> b.addParameter(int.class, "index").returns(float[].class);
                case "output" -> b.returns(float[].class);
                case "loss" -> b.addParameter(int[].class, "labels").addParameter(float[].class, "targets")
                        .addParameter(int.class, "batch").returns(double.class);
                case "backward" -> b.addParameter(float[].class, "params").addParameter(float[].class, "grads")
                        .addParameter(float[].class, "inputGrad").addParameter(int.class, "batch");
                default -> throw new AssertionError(m);
            }
            b.addStatement("throw new $T($S)", UnsupportedOperationException.class, "placeholder");
            type.addMethod(b.build());
        }
        return JavaFile.builder(GeneratedNames.packageName(spec), type.build()).skipJavaLangImports(true).build();
    }
}
