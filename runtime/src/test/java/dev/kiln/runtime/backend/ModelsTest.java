package dev.kiln.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.opencl.OpenClProgram;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.spec.NetworkSpec;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Models} (it lives in dev.kiln.runtime; its test sits with the backend tests that this helper owns). */
class ModelsTest {

    abstract static class Fake implements KilnModel {
        private final NetworkSpec spec;

        Fake(String name) {
            spec = SpecBuilder.of(name, 1, 1, 1, Loss.SOFTMAX_CROSS_ENTROPY).flatten("f")
                    .dense("o", 2, true, Activation.NONE, Init.DEFAULT).build();
        }

        @Override public NetworkSpec spec() { return spec; }
        @Override public String summary() { return spec.toString(); }
        @Override public JavaPass newJavaPass() { throw new UnsupportedOperationException(); }
        @Override public JavaPass newJavaPass(dev.kiln.runtime.java.WorkerPool pool) { throw new UnsupportedOperationException(); }
        @Override public OpenClProgram openCl() { throw new UnsupportedOperationException(); }
    }

    public static final class NetA extends Fake { public NetA() { super("p.one.Net"); } }
    public static final class NetB extends Fake { public NetB() { super("p.two.Net"); } }
    public static final class Other extends Fake { public Other() { super("p.one.Other"); } }

    private static ClassLoader registering(Path dir, Class<?>... models) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.write(services.resolve(KilnModel.class.getName()), java.util.Arrays.stream(models).map(Class::getName).toList());
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ModelsTest.class.getClassLoader());
    }

    @Test
    void findsBySimpleOrQualifiedName(@TempDir Path dir) throws Exception {
        ClassLoader loader = registering(dir, NetA.class, Other.class);
        assertEquals(List.of("p.one.Net", "p.one.Other"), Models.all(loader).stream().map(m -> m.spec().qualifiedName()).toList());
        assertEquals(Other.class, Models.find("Other", loader).getClass());
        assertEquals(NetA.class, Models.find("p.one.Net", loader).getClass());
        assertEquals(NetA.class, Models.find("Net", loader).getClass());
    }

    @Test
    void anUnknownNameListsTheModelsFound(@TempDir Path dir) throws Exception {
        ClassLoader loader = registering(dir, NetA.class, Other.class);
        KilnException e = assertThrows(KilnException.class, () -> Models.find("LeNet5", loader));
        assertEquals("no model named 'LeNet5'; the models found are [p.one.Net, p.one.Other].", e.getMessage());
    }

    @Test
    void anAmbiguousSimpleNameAsksForTheQualifiedOne(@TempDir Path dir) throws Exception {
        ClassLoader loader = registering(dir, NetA.class, NetB.class);
        KilnException e = assertThrows(KilnException.class, () -> Models.find("Net", loader));
        assertEquals("the name 'Net' matches 2 models: [p.one.Net, p.two.Net]. Use the qualified name.", e.getMessage());
        assertEquals(NetB.class, Models.find("p.two.Net", loader).getClass());
    }

    @Test
    void noModelsAtAllSaysHowToGetThem(@TempDir Path dir) throws Exception {
        ClassLoader loader = registering(dir);
        KilnException e = assertThrows(KilnException.class, () -> Models.find("LeNet5", loader));
        assertEquals(true, e.getMessage().startsWith("no model named 'LeNet5': no Kiln model is registered on the class path."),
                e.getMessage());
    }
}
