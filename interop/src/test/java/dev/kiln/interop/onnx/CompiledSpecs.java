package dev.kiln.interop.onnx;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.processor.KilnProcessor;
import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Compiles a spec's source with Kiln's processor in memory and loads its generated model, as a user's build would. */
public final class CompiledSpecs {
    private CompiledSpecs() {
    }

    public static KilnModel compile(String qualifiedName, String source) throws Exception {
        Compilation c = Compiler.javac().withProcessors(new KilnProcessor()).withOptions("-Xlint:none")
                .compile(JavaFileObjects.forSourceString(qualifiedName, source));
        if (c.status() != Compilation.Status.SUCCESS) {
            StringBuilder sb = new StringBuilder("the imported spec does not compile:\n");
            c.errors().forEach(d -> sb.append(d).append('\n'));
            throw new AssertionError(sb + source);
        }
        Map<String, byte[]> bytes = new HashMap<>();
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = f.toUri().getPath();
            String binary = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(), path.length() - 6)
                    .replace('/', '.');
            try (InputStream in = f.openInputStream()) {
                bytes.put(binary, in.readAllBytes());
            }
        }
        ClassLoader loader = new ClassLoader(CompiledSpecs.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = bytes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        return (KilnModel) loader.loadClass(qualifiedName + "Model").getDeclaredConstructor().newInstance();
    }

    /** The model {@code qualifiedName} registered in the class folder {@code classes} (as {@code --classpath} finds it). */
    public static KilnModel load(String qualifiedName, java.nio.file.Path classes) throws Exception {
        ClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                CompiledSpecs.class.getClassLoader());
        return dev.kiln.runtime.Models.find(qualifiedName, loader);
    }

    /** The network's outputs for {@code images} on the generated Java code, in batches of up to 500. */
    public static float[] predict(KilnModel model, float[] params, float[] images, int count) {
        int in = model.spec().input().intSize();
        int out = model.spec().output().intSize();
        float[] result = new float[count * out];
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (Backend backend = Backends.open(model, "java", -1, OptimizerConfig.adam().build(), quiet)) {
            backend.setParameters(params);
            int batch = Math.min(500, count);
            backend.plan(batch);
            float[] x = new float[batch * in];
            float[] y = new float[batch * out];
            for (int start = 0; start < count; start += batch) {
                int n = Math.min(batch, count - start);
                System.arraycopy(images, start * in, x, 0, n * in);
                backend.predict(x, n, y);
                System.arraycopy(y, 0, result, start * out, n * out);
            }
        }
        return result;
    }
}
