package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles specs with Kiln's processor, as the tests need it. */
public final class Kiln {
    private Kiln() {
    }

    /** javac with Kiln's processor and no caps on the number of diagnostics. */
    public static Compiler compiler(String... options) {
        List<String> all = new java.util.ArrayList<>(List.of("-Xmaxerrs", "1000000", "-Xmaxwarns", "1000000"));
        all.addAll(List.of(options));
        return Compiler.javac().withProcessors(new KilnProcessor()).withOptions(all);
    }

    /** A test resource such as {@code good/LeNet5.java}. */
    public static JavaFileObject resource(String path) {
        return JavaFileObjects.forResource(path);
    }

    public static Compilation compile(String... resources) {
        JavaFileObject[] files = new JavaFileObject[resources.length];
        for (int i = 0; i < resources.length; i++) {
            files[i] = resource(resources[i]);
        }
        return compiler().compile(files);
    }
}
