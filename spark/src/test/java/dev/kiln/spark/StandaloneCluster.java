package dev.kiln.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on this machine for tests: a {@code Master} and one {@code Worker}
 * in child JVMs bound to 127.0.0.1 on free ports, started from Spark 3.5's jars in the local Maven
 * repository (the test's class path) through a Spark home assembled for it ({@code jars/} links to
 * those jars, {@code conf/} a log configuration), as {@code sbin/start-master.sh} and
 * {@code sbin/start-worker.sh} would start them. The worker launches executors as on any cluster:
 * separate JVMs that fetch the application's jars from the driver. {@link #close()} kills the
 * worker's executors, the worker and the master, and waits for them to end.
 *
 * <p>Drivers run in child JVMs too ({@link #driver}): a test JVM holds at most one Spark context,
 * and the other tests' local session may be it.
 */
final class StandaloneCluster implements AutoCloseable {
    final String master;
    final int webPort;
    private final Path dir;
    private final Process masterProcess;
    private final Process workerProcess;

    private StandaloneCluster(String master, int webPort, Path dir, Process masterProcess, Process workerProcess) {
        this.master = master;
        this.webPort = webPort;
        this.dir = dir;
        this.masterProcess = masterProcess;
        this.workerProcess = workerProcess;
    }

    /** Starts a master and a worker offering {@code cores} cores and {@code memory} ({@code 2g}); waits until the worker is registered. */
    static StandaloneCluster start(Path dir, int cores, String memory) throws IOException, InterruptedException {
        Path home = sparkHome(dir.resolve("spark-home"));
        int port = freePort();
        int web = freePort();
        String master = "spark://127.0.0.1:" + port;
        Process m = launch(home, dir.resolve("master.log"), List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(web)));
        Process w = null;
        try {
            waitFor(() -> accepts(port), 60, "the master to listen on port " + port, dir.resolve("master.log"));
            w = launch(home, dir.resolve("worker.log"), List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()), "--cores",
                    Integer.toString(cores), "--memory", memory, "--work-dir", dir.resolve("work").toString(), master));
            waitFor(() -> aliveWorkers(web) >= 1, 60, "the worker to register with the master", dir.resolve("worker.log"));
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            stop(w);
            stop(m);
            throw e;
        }
        return new StandaloneCluster(master, web, dir, m, w);
    }

    /** The executor JVMs the worker runs now. */
    List<ProcessHandle> executors() {
        return workerProcess.descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("CoarseGrainedExecutorBackend")).toList();
    }

    /** What the master says of its applications, workers and cores ({@code /json} of its web page). */
    String status() {
        return get(webPort);
    }

    /**
     * A driver: {@code java -cp <this test's class path, without SLF4J 1.7's> MAIN ARGS}, with the options {@code ./kiln}
     * gives Spark's drivers (the Vector API, the JDK opens Spark needs), output to {@code out}.
     */
    static Process driver(Path out, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true"));
        command.addAll(opens());
        command.addAll(List.of("-cp", classPathWithoutSlf4j17(), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        b.environment().remove("LD_PRELOAD");
        return b.start();
    }

    /** The JDK 17 opens Spark's own launcher adds (org.apache.spark.launcher.JavaModuleOptions). */
    static List<String> opens() {
        List<String> o = new ArrayList<>();
        for (String p : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
                "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs",
                "sun.security.action", "sun.util.calendar")) {
            o.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        o.add("-Djdk.reflect.useDirectMethodHandle=false");
        return o;
    }

    private static String classPathWithoutSlf4j17() {
        List<String> keep = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (!name.startsWith("slf4j-nop-") && !name.startsWith("slf4j-api-1.")) {
                keep.add(e);
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    /** A Spark home: {@code jars/} with links to the third-party jars of this class path, {@code conf/} with a quiet log setup. */
    private static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String name = p.getFileName().toString();
            if (!name.endsWith(".jar") || !Files.isRegularFile(p) || name.startsWith("slf4j-nop-") || name.startsWith("slf4j-api-1.")
                    || e.contains(File.separator + "target" + File.separator) || name.startsWith("junit-")
                    || name.startsWith("surefire") || name.startsWith("common-java5") || name.startsWith("opentest4j")) {
                continue;
            }
            Path link = jars.resolve(name);
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, p.toAbsolutePath());
            }
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = stderr", "appender.stderr.type = Console",
                "appender.stderr.name = stderr", "appender.stderr.target = SYSTEM_ERR", "appender.stderr.layout.type = PatternLayout",
                "appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n", ""));
        return home;
    }

    private static Process launch(Path home, Path log, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        command.addAll(opens());
        command.addAll(List.of("-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties"),
                "-cp", home.resolve("conf") + File.pathSeparator + home.resolve("jars") + File.separator + "*"));
        command.addAll(mainAndArgs);
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = b.environment();
        env.remove("LD_PRELOAD");
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
        return b.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int aliveWorkers(int web) {
        String json = get(web);
        int i = json.indexOf("\"aliveworkers\"");
        if (i < 0) {
            return 0;
        }
        String rest = json.substring(json.indexOf(':', i) + 1).trim();
        int end = 0;
        while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(rest.substring(0, end));
    }

    private static String get(int web) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + web + "/json/").toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "";
        }
    }

    interface Condition {
        boolean holds() throws IOException;
    }

    static void waitFor(Condition c, int seconds, String what, Path log) throws InterruptedException, IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + seconds + " s for " + what + "; " + log + ":\n"
                        + (Files.exists(log) ? Files.readString(log) : "(none)"));
            }
            Thread.sleep(250);
        }
    }

    private static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the executors, the worker and the master, and waits for them to end. */
    @Override
    public void close() {
        Optional.ofNullable(workerProcess).ifPresent(StandaloneCluster::stop);
        stop(masterProcess);
    }

    @Override
    public String toString() {
        return master + " (logs in " + dir + ")";
    }

    /** The file's text, or a note that it is missing (for failure messages). */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
