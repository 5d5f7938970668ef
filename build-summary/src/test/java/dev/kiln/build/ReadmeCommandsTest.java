package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.Required;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 item 5: README.md can be followed top to bottom. Every command of its shell blocks
 * ({@link ReadmeCommands}) runs, in order, in a fresh copy of the repository (the README, the launcher,
 * scripts/ and docs/, with the modules' built {@code target} folders linked in and the launcher pointed at
 * the built tool by {@code KILN_CLASSPATH}, as after {@code ./kiln}'s first build), and prints what the
 * README shows after it: the same lines in the same order, output the README leaves out allowed, numbers
 * free to differ (the README says its figures are from one run) except for {@code summary}, whose whole
 * output the README gives exactly. Trainings are capped ({@code --max-steps}, at most a few epochs), so
 * their epoch lines are not compared; lines about the backend's choice depend on the machine.
 *
 * <p>Not run: {@code scripts/setup.sh} (it installs system packages as root) and {@code ./test.sh} (this
 * suite). The default suite runs the commands on networks of at most {@value #LIGHT_MULTIPLIES} multiplies
 * per image and leaves the larger networks' and Apache Spark's commands to the {@code long} run, which
 * runs every command.
 */
class ReadmeCommandsTest {
    /** Networks above this many multiplies per image train too slowly for the default suite. */
    static final long LIGHT_MULTIPLIES = 2_000_000;
    static final Path ROOT = Path.of("").toAbsolutePath().getFileName().toString().equals("build-summary")
            ? Path.of("").toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
    private static final String VECTOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(\\.\\d+)?([eE]-?\\d+)?");
    private static final Pattern CLASS_ROW = Pattern.compile("^ {2}\\S.*?\\s{2,}[01]\\.\\d+$");

    /** How much of the README a run covers. */
    enum Scope {
        LIGHT, EVERYTHING
    }

    @Test
    void theReadmeRunsTopToBottomOnItsSmallNetworks(@TempDir Path dir) throws Exception {
        run(dir, Scope.LIGHT);
    }

    @Tag("long")
    @Test
    void theReadmeRunsTopToBottom(@TempDir Path dir) throws Exception {
        run(dir, Scope.EVERYTHING);
    }

    private static void run(Path dir, Scope scope) throws Exception {
        Path lib = ROOT.resolve("tool/target/lib");
        boolean built = Files.isDirectory(lib) && Files.isDirectory(ROOT.resolve("tool/target/classes"));
        Required.that(built, "the tool is not packaged (tool/target/lib): run mvn package first");
        Required.fashionMnist();

        Path copy = copyOfTheRepository(dir.resolve("kiln"));
        List<ReadmeCommands.Command> commands = ReadmeCommands.parse(Files.readString(copy.resolve("README.md")));
        assertTrue(commands.size() > 10, "the README's commands were found: " + commands);
        List<String> deferred = new ArrayList<>();
        boolean sparkReady = false;
        for (ReadmeCommands.Command c : commands) {
            if (c.text().equals("scripts/setup.sh") || c.text().equals("./test.sh")) {
                continue;
            }
            if (scope == Scope.LIGHT && (spark(c) || heavy(c))) {
                deferred.add(c.toString());
                continue;
            }
            if (spark(c) && !sparkReady) {
                sparkClassPath(copy);
                sparkReady = true;
            }
            String text = capped(c);
            long start = System.nanoTime();
            Ran ran = shell(copy, text, !spark(c));
            System.out.printf(java.util.Locale.ROOT, "%6.1f s  %s%n", (System.nanoTime() - start) * 1e-9, c);
            if (ran.status() != 0) {
                fail(c + "\nfailed with status " + ran.status() + (text.equals(c.text()) ? "" : " (run as: " + text + ")")
                        + "\n" + tail(ran.output()));
            }
            compare(c, ran.output(), !text.equals(c.text()));
        }
        System.out.println("README commands left to the long run: " + deferred);
    }

    /** Apache Spark's commands, which need its jars and start a cluster in the JVM. */
    private static boolean spark(ReadmeCommands.Command c) {
        return c.verb().startsWith("spark-") || c.text().startsWith("scripts/spark") || c.text().startsWith("spark-submit");
    }

    /** A command that runs a large network (any verb but summary and kernels, which run nothing). */
    private static boolean heavy(ReadmeCommands.Command c) {
        List<String> words = c.kilnWords();
        if (words.size() < 2 || c.verb().equals("summary") || c.verb().equals("kernels")) {
            return false;
        }
        try {
            return Models.find(words.get(1)).spec().multiplies() > LIGHT_MULTIPLIES;
        } catch (KilnException notASample) {
            return false; // a network of the README's own making (com.example.LeNet5Copy): small
        }
    }

    /** A training capped to a few short epochs; {@code make-cells} to a few pictures; anything else as it is. */
    static String capped(ReadmeCommands.Command c) {
        String text = c.text();
        if (c.verb().equals("train")) {
            Matcher epochs = Pattern.compile("--epochs[ =](\\d+)").matcher(text);
            if (epochs.find() && Integer.parseInt(epochs.group(1)) > 2) {
                text = text.substring(0, epochs.start()) + "--epochs 2" + text.substring(epochs.end());
            }
            if (!text.contains("--max-steps")) {
                text += " --max-steps 3";
            }
        }
        if (c.verb().equals("make-cells") && !text.contains("--count")) {
            text += " --count 12";
        }
        return text;
    }

    /**
     * The README's lines must appear in the output in order: numbers masked, class rows of a prediction
     * masked whole, runs of spaces as one; {@code summary} must print exactly what the README shows.
     */
    static void compare(ReadmeCommands.Command c, String output, boolean capped) {
        List<String> actual = output.lines().filter(l -> !l.equals(VECTOR_WARNING)).toList();
        List<String> shown = c.shown().stream().filter(l -> !l.equals(VECTOR_WARNING)).toList();
        while (!shown.isEmpty() && shown.get(shown.size() - 1).isBlank()) {
            shown = shown.subList(0, shown.size() - 1); // the gap before the next command
        }
        if (c.verb().equals("summary")) {
            assertEquals(String.join("\n", shown), String.join("\n", actual), c + ": the README shows the summary exactly");
            return;
        }
        int at = 0;
        for (String line : shown) {
            if (line.isBlank() || line.strip().equals("...") || line.startsWith("backend: ") || line.startsWith("opencl: ")
                    || capped && (line.startsWith("epoch ") || line.startsWith("early stop "))) {
                continue;
            }
            String expected = skeleton(line);
            int found = -1;
            for (int i = at; i < actual.size() && found < 0; i++) {
                if (skeleton(actual.get(i)).equals(expected)) {
                    found = i;
                }
            }
            if (found < 0) {
                fail(c + "\nprints no line like the README's\n  " + line + "\nafter line " + at + " of its output:\n"
                        + String.join("\n", actual));
            }
            at = found + 1;
        }
    }

    /** A line with its figures masked, so that a run's own numbers compare with the README's. */
    static String skeleton(String line) {
        String s = line.replace(" (best)", "");
        if (CLASS_ROW.matcher(s).matches()) {
            return "<class> <probability>";
        }
        return NUMBER.matcher(s).replaceAll("#").replaceAll("\\s+", " ").strip();
    }

    /** The README, the launcher, scripts/ and docs/, with each module's build output linked in. */
    private static Path copyOfTheRepository(Path copy) throws IOException {
        Files.createDirectories(copy);
        Files.copy(ROOT.resolve("README.md"), copy.resolve("README.md"));
        Files.copy(ROOT.resolve("kiln"), copy.resolve("kiln"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        // the fine-tuning walk-through imports a torchvision export shipped with the tests
        for (String folder : List.of("scripts", "docs", "interop/src/test/resources/zoo")) {
            copyTree(ROOT.resolve(folder), copy.resolve(folder));
        }
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("target"))).toList()) {
                Path target = copy.resolve(module.getFileName()).resolve("target");
                Files.createDirectories(target);
                try (Stream<Path> built = Files.list(module.resolve("target"))) {
                    for (Path b : built.toList()) {
                        Files.createSymbolicLink(target.resolve(b.getFileName()), b);
                    }
                }
            }
        }
        // the tool's jars as ./kiln's first build leaves them, with its stamp, so that the launcher finds it built
        Path lib = copy.resolve("tool/target/lib");
        Files.delete(lib);
        Files.createDirectories(lib);
        try (Stream<Path> jars = Files.list(ROOT.resolve("tool/target/lib"))) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
                Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar);
            }
        }
        Files.createFile(lib.resolve(".built"));
        return copy;
    }

    /**
     * What {@code scripts/spark-env.sh} would build: the spark module's class path (Spark's jars stay in the
     * local Maven repository), written into the copy so that the launcher and {@code scripts/spark-local} run
     * the built module without building.
     */
    private static void sparkClassPath(Path copy) throws IOException, InterruptedException {
        Path file = copy.resolve("spark/target/spark.classpath");
        Files.deleteIfExists(file);
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-o", "dependency:build-classpath", "-pl", "spark",
                "-Dmdep.includeScope=provided", "-Dmdep.outputFile=" + file).directory(ROOT.toFile()).inheritIO().start();
        assertTrue(mvn.waitFor(5, TimeUnit.MINUTES) && mvn.exitValue() == 0 && Files.isRegularFile(file),
                "mvn dependency:build-classpath for the spark module");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    record Ran(int status, String output) {
    }

    /**
     * {@code bash -c TEXT} in {@code dir}, as a user's shell, with stdout and stderr together as a terminal shows
     * them; {@code builtTool}: the launcher is pointed at the built tool ({@code KILN_CLASSPATH}).
     */
    private static Ran shell(Path dir, String text, boolean builtTool) throws IOException, InterruptedException {
        Path out = Files.createTempFile("readme-command", ".out");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", text).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = builder.environment();
        env.remove("LD_PRELOAD");
        if (builtTool) {
            // the launcher runs the built tool without looking for changed sources (Spark's commands add Spark's jars)
            env.put("KILN_CLASSPATH", dir.resolve("tool/target/classes") + ":" + dir.resolve("tool/target/lib") + "/*");
        } else {
            env.remove("KILN_CLASSPATH");
        }
        env.put("KILN_BACKEND", "java"); // auto would list the OpenCL devices in a child JVM before every command
        Process p = builder.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("still running after 10 minutes: " + text);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new Ran(p.exitValue(), output);
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
