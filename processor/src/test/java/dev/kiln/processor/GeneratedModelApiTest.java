package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import dev.kiln.runtime.Backend;
import dev.kiln.runtime.BackendChoice;
import dev.kiln.runtime.KilnModel;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The generated model class as a user meets it: the typed entry point {@code FooModel.create()}, and Javadoc
 * on the class and on every public member a user calls (issue 15). Members that implement {@code KilnModel}
 * ({@code @Override}) take their documentation from the interface.
 */
class GeneratedModelApiTest {

    @Test
    void everyPublicMemberOfAGeneratedModelHasJavadoc() throws IOException {
        for (String[] network : new String[][] {{"good/LeNet5.java", "good.LeNet5Model"},
                {"good/GraphFixtureNet.java", "good.GraphFixtureNetModel"}}) {
            Compilation c = Kiln.compile(network[0]);
            assertThat(c).succeeded();
            JavaFileObject source = c.generatedSourceFile(network[1]).orElseThrow();
            List<String> seen = new ArrayList<>();
            List<String> missing = undocumented(source, seen);
            assertTrue(seen.contains("create"), network[1] + ": no create() among " + seen);
            assertTrue(seen.size() > 10, network[1] + ": only " + seen);
            assertEquals(List.of(), missing, network[1] + ": public members without Javadoc");
        }
    }

    @Test
    void createReturnsTheTypedModel() throws ReflectiveOperationException {
        Compilation c = Kiln.compile("good/LeNet5.java");
        GeneratedClasses classes = new GeneratedClasses(c);
        Class<?> type = classes.loadClass("good.LeNet5Model");
        Method create = type.getMethod("create");
        assertTrue(Modifier.isStatic(create.getModifiers()), "create() is static");
        assertEquals(type, create.getReturnType(), "create() returns LeNet5Model itself, not KilnModel");
        KilnModel model = (KilnModel) create.invoke(null);
        assertEquals(type, model.getClass());
        assertEquals("good.LeNet5", model.spec().qualifiedName());
        assertNotSame(model, create.invoke(null));
        try (Backend backend = model.open(BackendChoice.JAVA)) {
            assertEquals(61706, backend.spec().parameterCount());
        }
    }

    /** What a user writes compiles against the generated class, both the new entry point and the old one. */
    @Test
    void userCodeCompilesAgainstBothEntryPoints() {
        JavaFileObject user = JavaFileObjects.forSourceString("good.UseLeNet5", """
                package good;

                import dev.kiln.runtime.Backend;
                import dev.kiln.runtime.BackendChoice;

                class UseLeNet5 {
                    static long parameters() {
                        LeNet5Model model = LeNet5Model.create();
                        try (Backend a = model.open(BackendChoice.JAVA);
                             Backend b = new LeNet5Model().open(BackendChoice.JAVA)) {
                            return a.spec().parameterCount() + b.spec().parameterCount();
                        }
                    }
                }
                """);
        Compilation c = Kiln.compiler().compile(Kiln.resource("good/LeNet5.java"), user);
        assertThat(c).succeeded();
    }

    /** The public members of the source's top-level class without a Javadoc comment; {@code seen} gets every one checked. */
    private static List<String> undocumented(JavaFileObject source, List<String> seen) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        JavacTask task = (JavacTask) compiler.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(source));
        DocTrees docTrees = DocTrees.instance(task);
        List<String> missing = new ArrayList<>();
        for (CompilationUnitTree unit : task.parse()) {
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitClass(ClassTree type, Void unused) {
                    check(type.getModifiers().getFlags(), type.getSimpleName().toString(), false);
                    return super.visitClass(type, unused);
                }

                @Override
                public Void visitMethod(MethodTree method, Void unused) {
                    boolean override = method.getModifiers().getAnnotations().stream()
                            .anyMatch(a -> a.getAnnotationType().toString().endsWith("Override"));
                    check(method.getModifiers().getFlags(), method.getName().toString(), override);
                    return null;
                }

                @Override
                public Void visitVariable(VariableTree field, Void unused) {
                    check(field.getModifiers().getFlags(), field.getName().toString(), false);
                    return null;
                }

                private void check(java.util.Set<javax.lang.model.element.Modifier> flags, String name, boolean override) {
                    if (!flags.contains(javax.lang.model.element.Modifier.PUBLIC) || override) {
                        return;
                    }
                    seen.add(name);
                    DocCommentTree doc = docTrees.getDocCommentTree(getCurrentPath());
                    if (doc == null || doc.getFullBody().stream().map(Object::toString).collect(Collectors.joining()).isBlank()) {
                        missing.add(name);
                    }
                }
            }.scan(unit, null);
        }
        return missing;
    }
}
