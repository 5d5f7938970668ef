package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 27 item 1: every test in the repository can run, and none decides on its own that CI may skip it.
 * It reads the test sources of every module (bench included), without compiling them.
 *
 * <ul>
 *   <li>Every class with test methods is one surefire runs: its name matches the includes of the parent
 *       pom's surefire configuration (a class named {@code FullTrainingRuns} never ran, whatever its tag), or
 *       it is abstract and a class that runs extends it. {@code -Dgroups=long} and {@code -Dgroups=benchmark}
 *       then select every tagged class.</li>
 *   <li>Whether CI may skip a test is decided in one place, the runtime's test helper {@code Required}: no
 *       other test source reads the {@code CI} variable (an assumption that read it skipped under CI
 *       instead of failing), and none returns early when OpenCL is missing instead of being skipped by name.</li>
 *   <li>{@code .ci/run} sets {@code CI=true} itself before running {@code ./test.sh}, rather than relying on
 *       the CI service to set it.</li>
 * </ul>
 */
class TestSourcesTest {
    /** Surefire's includes when a pom names none. */
    private static final List<String> SUREFIRE_DEFAULTS = List.of("**/Test*.java", "**/*Test.java", "**/*Tests.java",
            "**/*TestCase.java");
    private static final Pattern TEST_METHOD = Pattern.compile(
            "^\\s*@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b", Pattern.MULTILINE);
    private static final Pattern ABSTRACT = Pattern.compile("^(public\\s+)?abstract\\s+class\\s", Pattern.MULTILINE);
    private static final Pattern EXTENDS = Pattern.compile("\\bclass\\s+\\w+(?:<[^>]*>)?\\s+extends\\s+(\\w+)");
    private static final Pattern READS_CI = Pattern.compile("getenv\\(\\s*\"CI\"\\s*\\)|getenv\\(\\)\\.get\\(\\s*\"CI\"");
    private static final Pattern SILENT_RETURN = Pattern.compile(
            "if\\s*\\(\\s*!\\s*[\\w.]*platformAvailable\\(\\)\\s*\\)\\s*\\{?\\s*return\\s*;");
    /** The one test source that decides what a missing requirement means under CI. */
    private static final String REQUIRED = "runtime/src/test/java/dev/kiln/runtime/Required.java";

    @Test
    void everyTestClassRunsUnderSurefiresIncludes() throws IOException {
        Path root = JavadocCoverageTest.repositoryRoot();
        List<String> includes = surefireIncludes(Files.readString(root.resolve("pom.xml")));
        List<Path> files = testSources(root);
        assertTrue(files.size() > 150, "only " + files.size() + " test sources found under " + root);
        List<String> classes = new ArrayList<>();
        List<String> abstractOnes = new ArrayList<>();
        Set<String> runningParents = new java.util.HashSet<>();
        for (Path f : files) {
            String source = read(f);
            String relative = root.relativize(f).toString();
            boolean isAbstract = ABSTRACT.matcher(source).find();
            if (!isAbstract && matches(relative, includes)) {
                // a class surefire runs runs the tests it inherits
                Matcher m = EXTENDS.matcher(source);
                while (m.find()) {
                    runningParents.add(m.group(1));
                }
            }
            if (!TEST_METHOD.matcher(source).find()) {
                continue;
            }
            if (isAbstract) {
                abstractOnes.add(relative);
            } else {
                classes.add(relative);
            }
        }
        List<String> neverRun = new ArrayList<>();
        for (String c : classes) {
            if (!matches(c, includes)) {
                neverRun.add(c);
            }
        }
        for (String a : abstractOnes) {
            String name = Path.of(a).getFileName().toString().replace(".java", "");
            if (!runningParents.contains(name)) {
                neverRun.add(a + " (abstract, and no class that runs extends it)");
            }
        }
        assertTrue(classes.size() > 100, classes.size() + " test classes");
        assertEquals(List.of(), neverRun, "test classes surefire never runs (includes " + includes + ")");
    }

    @Test
    void onlyRequiredReadsTheCiVariableAndNoTestReturnsSilentlyWithoutOpenCl() throws IOException {
        Path root = JavadocCoverageTest.repositoryRoot();
        List<String> readers = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        for (Path f : testSources(root)) {
            String relative = root.relativize(f).toString();
            String source = read(f);
            if (READS_CI.matcher(source).find() && !relative.equals(REQUIRED)) {
                readers.add(relative);
            }
            if (SILENT_RETURN.matcher(source).find()) {
                silent.add(relative);
            }
        }
        assertTrue(Files.isRegularFile(root.resolve(REQUIRED)), REQUIRED + " is missing");
        assertTrue(READS_CI.matcher(read(root.resolve(REQUIRED))).find(), REQUIRED + " no longer reads CI");
        assertEquals(List.of(), readers, "test sources that decide for themselves what CI=true means: call Required instead");
        assertEquals(List.of(), silent, "tests that return early without OpenCL, outside the skip summary");
    }

    @Test
    void theCiScriptSetsCiItself() throws IOException {
        Path root = JavadocCoverageTest.repositoryRoot();
        List<String> lines = Files.readAllLines(root.resolve(".ci/run")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        int export = lines.indexOf("export CI=true");
        int test = -1;
        for (int i = 0; i < lines.size(); i++) {
            test = lines.get(i).startsWith("./test.sh") ? i : test;
        }
        assertTrue(test >= 0, ".ci/run runs ./test.sh: " + lines);
        assertTrue(export >= 0 && export < test, ".ci/run sets CI=true before ./test.sh: " + lines);
    }

    /** The patterns the recognising of {@code <includes>} relies on, on known names. */
    @Test
    void includePatternsMatchAsSurefireDoes() {
        List<String> includes = surefireIncludes("<plugin><artifactId>maven-surefire-plugin</artifactId><configuration>"
                + "<includes><include>**/*Test.java</include><include>**/*Benchmark.java</include></includes>"
                + "</configuration></plugin>");
        assertEquals(List.of("**/*Test.java", "**/*Benchmark.java"), includes);
        assertTrue(matches("processor/src/test/java/dev/kiln/processor/backend/ThroughputBenchmark.java", includes));
        assertTrue(!matches("processor/src/test/java/dev/kiln/processor/backend/FullTrainingRuns.java", includes));
        assertTrue(matches("a/src/test/java/TestThing.java", SUREFIRE_DEFAULTS));
        assertTrue(!matches("a/src/test/java/x/Helper.java", SUREFIRE_DEFAULTS));
        assertTrue(!matches("a/src/test/java/x/TestingSupport.java", List.of("**/*Test.java")));
        assertEquals(SUREFIRE_DEFAULTS, surefireIncludes("<project/>"));
    }

    /** The {@code <include>} patterns of the surefire plugin's configuration in {@code pom}, or surefire's defaults. */
    static List<String> surefireIncludes(String pom) {
        int plugin = pom.indexOf("<artifactId>maven-surefire-plugin</artifactId>");
        if (plugin < 0) {
            return SUREFIRE_DEFAULTS;
        }
        String rest = pom.substring(plugin, pom.indexOf("</plugin>", plugin));
        Matcher block = Pattern.compile("(?s)<includes>(.*?)</includes>").matcher(rest);
        if (!block.find()) {
            return SUREFIRE_DEFAULTS;
        }
        Matcher include = Pattern.compile("<include>\\s*(.*?)\\s*</include>").matcher(block.group(1));
        List<String> out = new ArrayList<>();
        while (include.find()) {
            out.add(include.group(1));
        }
        return out;
    }

    /** Whether the file's name matches one of the {@code **}{@code /Name*.java} patterns (all Kiln's are of that form). */
    static boolean matches(String file, List<String> includes) {
        String name = Path.of(file).getFileName().toString();
        for (String include : includes) {
            String glob = include.startsWith("**/") ? include.substring(3) : include;
            String regex = Stream.of(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining("[^/]*"));
            if (name.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    /** Every {@code src/test/java} source file of every module under the root. */
    static List<Path> testSources(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path testRoot : modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> walk = Files.walk(testRoot)) {
                    walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
