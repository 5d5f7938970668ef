package dev.kiln.processor.writer.opencl;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.writer.GeneratedNames;
import dev.kiln.spec.NetworkSpec;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code FooOpenCl} and {@code FooModel.cl}. PLACEHOLDER of the skeleton commit; the OpenCL
 * generator replaces this file.
 */
public final class OpenClWriter {
    private OpenClWriter() {
    }

    /** The program source written to {@link GeneratedNames#openClResource}. */
    public static String source(NetworkSpec spec) {
        return "// placeholder for " + spec.qualifiedName() + "\n";
    }

    public static JavaFile write(NetworkSpec spec, Element origin) {
        TypeSpec type = TypeSpec.classBuilder(GeneratedNames.openCl(spec))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(GeneratedNames.OPENCL_PROGRAM)
                .addOriginatingElement(origin)
                .addMethod(MethodSpec.methodBuilder("source").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                        .returns(String.class).addStatement("return $S", source(spec)).build())
                .addMethod(MethodSpec.methodBuilder("forwardLaunches").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                        .returns(int.class).addStatement("return 0").build())
                .addMethod(MethodSpec.methodBuilder("trainingStepLaunches").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                        .returns(int.class).addStatement("return 0").build())
                .build();
        return JavaFile.builder(GeneratedNames.packageName(spec), type).skipJavaLangImports(true).build();
    }
}
