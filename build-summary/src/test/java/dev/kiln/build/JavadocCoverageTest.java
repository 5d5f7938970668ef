package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Javadoc coverage over the whole repository (issue 15: "Javadoc on every public type"). It parses, without
 * compiling, every {@code src/main/java} file of every module under the repository root (bench included, which
 * the default build leaves out), so it needs no module's classes and takes a couple of seconds.
 *
 * <ul>
 *   <li>Every public type, top-level or nested (members of interfaces and annotations are public without the
 *       word), has a Javadoc comment whose first sentence says something: at least two words, and not only
 *       the type's name and its kind ("The Foo class.").
 *   <li>In the user-facing API ({@link #API_PACKAGES}), every public method and constructor of a public type
 *       has a Javadoc comment, unless it overrides a documented one ({@code @Override}).
 * </ul>
 *
 * The generated model classes' public methods are checked where they are generated, in the processor's
 * {@code GeneratedJavadocTest}.
 */
class JavadocCoverageTest {

    /** The packages a library user calls; subpackages are not included (they are listed when they are). */
    static final Set<String> API_PACKAGES = Set.of(
            "dev.kiln.runtime", "dev.kiln.runtime.train", "dev.kiln.runtime.data", "dev.kiln.runtime.data.image",
            "dev.kiln.runtime.optim", "dev.kiln.runtime.io");

    /** Modules that must be found, so that a moved tree cannot make the test pass on nothing. */
    private static final List<String> EXPECTED_MODULES = List.of(
            "dsl", "reference", "processor", "runtime", "samples", "tool", "interop", "spark", "build-summary",
            "bench");

    @Test
    void everyPublicTypeAndApiMethodHasJavadoc() throws IOException {
        Path root = repositoryRoot();
        List<Path> sourceRoots = mainSourceRoots(root);
        Set<String> modules = sourceRoots.stream()
                .map(p -> root.relativize(p).getName(0).toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(modules.containsAll(EXPECTED_MODULES), "source trees found: " + modules);

        List<Path> files = new ArrayList<>();
        for (Path sourceRoot : sourceRoots) {
            try (Stream<Path> walk = Files.walk(sourceRoot)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() > 300, "only " + files.size() + " source files found under " + root);

        Report report = check(root, files);
        assertTrue(report.types > 200, "only " + report.types + " public types seen");
        assertTrue(report.apiMethods > 250, "only " + report.apiMethods + " API methods seen");
        assertEquals("", String.join("\n", report.problems),
                report.problems.size() + " missing or empty Javadoc comments (of " + report.types + " public types and "
                        + report.apiMethods + " API methods)");
    }

    @Test
    void fillerIsNotDocumentation() {
        assertTrue(isFiller("Foo", "The Foo class."));
        assertTrue(isFiller("Foo", "{@code Foo} interface"));
        assertTrue(isFiller("FooBar", "The foo bar."));
        assertTrue(isFiller("Foo", "TODO"));
        assertTrue(isFiller("Foo", "Foos."));
        assertTrue(isFiller("Foo", "  "));
        assertTrue(!isFiller("Foo", "Reads IDX files."));
        assertTrue(!isFiller("Trainer", "Trains a backend on a data set."));
    }

    /** What the scan found. */
    static final class Report {
        final List<String> problems = new ArrayList<>();
        int types;
        int apiMethods;
    }

    static Report check(Path root, List<Path> files) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Report report = new Report();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> objects = fileManager.getJavaFileObjectsFromPaths(files);
            JavacTask task = (JavacTask) compiler.getTask(null, fileManager, d -> { }, List.of("-proc:none"), null, objects);
            DocTrees docTrees = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
                String where = root.toAbsolutePath().relativize(Path.of(unit.getSourceFile().toUri())).toString();
                new Scanner(docTrees, unit, pkg, where, report).scan(unit, null);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return report;
    }

    private static final class Scanner extends TreePathScanner<Void, Void> {
        private final DocTrees docTrees;
        private final CompilationUnitTree unit;
        private final boolean api;
        private final String where;
        private final Report report;
        /** The enclosing types, innermost first. */
        private final Deque<ClassTree> enclosing = new ArrayDeque<>();
        /** Whether each enclosing type is reachable from outside its package (it and all around it public). */
        private final Deque<Boolean> reachable = new ArrayDeque<>();

        Scanner(DocTrees docTrees, CompilationUnitTree unit, String pkg, String where, Report report) {
            this.docTrees = docTrees;
            this.unit = unit;
            this.api = API_PACKAGES.contains(pkg);
            this.where = where;
            this.report = report;
        }

        @Override
        public Void visitClass(ClassTree type, Void unused) {
            if (type.getSimpleName().length() == 0) {                 // an anonymous class: not a declaration
                return super.visitClass(type, unused);
            }
            boolean visible = isPublic(type.getModifiers());
            if (visible) {
                report.types++;
                String text = docText(getCurrentPath());
                if (text == null || isFiller(type.getSimpleName().toString(), text)) {
                    report.problems.add(where + ":" + line(type) + ": public type " + type.getSimpleName()
                            + (text == null ? " has no Javadoc" : " has filler Javadoc: \"" + firstSentence(text) + "\""));
                }
            }
            boolean outerReachable = reachable.isEmpty() || reachable.peek();
            enclosing.push(type);
            reachable.push(outerReachable && visible);
            try {
                return super.visitClass(type, unused);
            } finally {
                enclosing.pop();
                reachable.pop();
            }
        }

        @Override
        public Void visitMethod(MethodTree method, Void unused) {
            ClassTree owner = enclosing.peek();
            if (api && owner != null && reachable.peek() && isPublic(method.getModifiers())
                    && !isOverride(method)) {
                report.apiMethods++;
                String text = docText(getCurrentPath());
                if (text == null || text.isBlank()) {
                    String name = method.getName().contentEquals("<init>") ? owner.getSimpleName() + " constructor"
                            : owner.getSimpleName() + "." + method.getName() + "()";
                    report.problems.add(where + ":" + line(method) + ": public API method " + name + " has no Javadoc");
                }
            }
            return null;                                               // local and anonymous classes in bodies are not API
        }

        /** Declared public, or a member of an interface or annotation type (public without the word). */
        private boolean isPublic(ModifiersTree modifiers) {
            if (modifiers.getFlags().contains(Modifier.PUBLIC)) {
                return true;
            }
            ClassTree owner = enclosing.peek();
            return owner != null && (owner.getKind() == Tree.Kind.INTERFACE || owner.getKind() == Tree.Kind.ANNOTATION_TYPE)
                    && !modifiers.getFlags().contains(Modifier.PRIVATE);
        }

        private static boolean isOverride(MethodTree method) {
            return method.getModifiers().getAnnotations().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().endsWith("Override"));
        }

        private String docText(TreePath path) {
            DocCommentTree doc = docTrees.getDocCommentTree(path);
            if (doc == null) {
                return null;
            }
            return doc.getFullBody().stream().map(Object::toString).collect(Collectors.joining());
        }

        private long line(Tree tree) {
            return unit.getLineMap().getLineNumber(docTrees.getSourcePositions().getStartPosition(unit, tree));
        }
    }

    private static final Pattern MARKUP = Pattern.compile("\\{@\\w+\\s+([^}]*)}|<[^>]+>");

    /** Whether a comment's text says nothing beyond the type's name and kind. */
    static boolean isFiller(String typeName, String text) {
        String sentence = MARKUP.matcher(firstSentence(text)).replaceAll("$1").trim().toLowerCase(Locale.ROOT);
        if (sentence.isEmpty() || sentence.startsWith("todo")) {
            return true;
        }
        String name = typeName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        String withoutName = sentence.replace(typeName.toLowerCase(Locale.ROOT), " ").replace(name, " ")
                .replaceAll("^\\s*(the|a|an)\\b", " ")
                .replaceAll("\\b(class|interface|enum|record|annotation|type)\\b", " ")
                .replaceAll("[.\\s]+", " ").trim();
        return withoutName.isEmpty() || sentence.split("\\s+").length < 2;
    }

    private static String firstSentence(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        int end = flat.indexOf(". ");
        return end < 0 ? flat : flat.substring(0, end + 1);
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("build-summary"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }

    static List<Path> mainSourceRoots(Path root) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            return children.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).sorted()
                    .collect(Collectors.toList());
        }
    }
}
