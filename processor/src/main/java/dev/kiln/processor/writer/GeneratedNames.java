package dev.kiln.processor.writer;

import com.palantir.javapoet.ClassName;
import dev.kiln.opencl.OpenClProgram;
import dev.kiln.spec.NetworkSpec;

/** The names of everything generated for a spec {@code p.Foo}; the one place they are decided. */
public final class GeneratedNames {
    private GeneratedNames() {
    }

    public static String packageName(NetworkSpec spec) {
        String q = spec.qualifiedName();
        int dot = q.lastIndexOf('.');
        return dot < 0 ? "" : q.substring(0, dot);
    }

    /** {@code p.FooModel}: constants, summary, and the {@link NetworkSpec}; implements {@code KilnModel}. */
    public static ClassName model(NetworkSpec spec) {
        return ClassName.get(packageName(spec), spec.simpleName() + "Model");
    }

    /** {@code p.FooJavaPass}: the fused Java forward/backward; implements {@code JavaPass}. */
    public static ClassName javaPass(NetworkSpec spec) {
        return ClassName.get(packageName(spec), spec.simpleName() + "JavaPass");
    }

    /** {@code p.FooOpenCl}: the OpenCL program and launch plan; implements {@code OpenClProgram}. */
    public static ClassName openCl(NetworkSpec spec) {
        return ClassName.get(packageName(spec), spec.simpleName() + "OpenCl");
    }

    /** {@code FooModel.cl}, the resource written beside {@code FooModel.class}. */
    public static String openClResource(NetworkSpec spec) {
        return spec.simpleName() + "Model.cl";
    }

    /** The runtime types generated code refers to (the processor does not depend on the runtime), and the OpenCL contract's. */
    public static final ClassName KILN_MODEL = ClassName.get("dev.kiln.runtime", "KilnModel");
    public static final ClassName JAVA_PASS = ClassName.get("dev.kiln.runtime.java", "JavaPass");
    public static final ClassName WORKER_POOL = ClassName.get("dev.kiln.runtime.java", "WorkerPool");
    public static final ClassName OPENCL_PROGRAM = ClassName.get(OpenClProgram.class);
}
