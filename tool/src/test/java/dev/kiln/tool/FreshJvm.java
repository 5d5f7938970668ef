package dev.kiln.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A run of a command in its own process, with its exit status and output, as a user's shell would see it. */
record FreshJvm(List<String> command, int status, String out, String err) {
    /** The repository root: the tool module's parent. */
    static final Path ROOT = Path.of("").toAbsolutePath().getFileName().toString().equals("tool")
            ? Path.of("").toAbsolutePath().getParent() : Path.of("").toAbsolutePath();

    /**
     * {@code ./kiln WORDS} through the real launcher, on this test's class path (no build), with
     * {@code LD_PRELOAD} cleared so that whatever signal setup the run has comes from the launcher.
     */
    static FreshJvm kiln(Map<String, String> env, String... words) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("kiln").toString()));
        command.addAll(Arrays.asList(words));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("KILN_CLASSPATH", System.getProperty("java.class.path"));
        return run(command, all);
    }

    /** {@code java -cp <this class path> MAIN ARGS}, without the launcher and without {@code LD_PRELOAD} unless given. */
    static FreshJvm java(Map<String, String> env, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(Arrays.asList(args));
        return run(command, env);
    }

    /** {@code java -cp CLASSPATH MAIN}, without {@code LD_PRELOAD}, as a user's plain {@code java} would run it. */
    static FreshJvm javaOn(String classPath, Map<String, String> env, String main, String... args)
            throws IOException, InterruptedException {
        return javaIn(ROOT, classPath, env, main, args);
    }

    /** {@link #javaOn} in the working directory {@code dir}. */
    static FreshJvm javaIn(Path dir, String classPath, Map<String, String> env, String main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", classPath, main));
        command.addAll(Arrays.asList(args));
        return run(dir, command, env);
    }

    private static FreshJvm run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return run(ROOT, command, env);
    }

    private static FreshJvm run(Path dir, List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kiln-run", ".out");
        Path err = Files.createTempFile("kiln-run", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("LD_PRELOAD");
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("still running after 10 minutes: " + command);
            }
            return new FreshJvm(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command) + "\nstatus " + status + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
