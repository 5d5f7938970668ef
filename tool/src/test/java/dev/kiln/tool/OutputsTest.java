package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Required;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, part 3: a run's results are never lost or clobbered. Earlier results are refused
 * without {@code --overwrite}; two runs cannot share an {@code --out}; a bad output path is one
 * line and leaves no temporary file; nothing is written through a link or over a device; a damaged
 * picture is one line; history.csv gets the umask's mode; Ctrl-C writes what was done, and
 * {@code --resume} then gives the run that was never interrupted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputsTest {
    Path dir;
    Path data;
    Path weights;

    @BeforeAll
    void smallData(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Required.that(SmallFashionMnist.available(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        data = SmallFashionMnist.write(Files.createDirectories(dir.resolve("data")), 96, 32);
        ToolRun run = train(dir.resolve("first"));
        assertEquals(0, run.status(), run.toString());
        weights = dir.resolve("first/best.safetensors");
    }

    ToolRun train(Path out, String... extra) {
        List<String> words = new ArrayList<>(List.of("train", "LeNet5", "--epochs", "1", "--max-steps", "2", "--batch", "16",
                "--backend", "java", "--data", data.toString(), "--out", out.toString()));
        words.addAll(List.of(extra));
        return ToolRun.of(words.toArray(String[]::new));
    }

    static void assertOneLine(ToolRun run, int status, String prefix) {
        assertEquals(status, run.status(), run.toString());
        assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
        assertTrue(run.err().startsWith(prefix), run.err());
    }

    static List<String> leftovers(Path d) throws Exception {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.endsWith(".kiln-tmp")).toList();
        }
    }

    @Test
    void anEarlierRunIsKeptUnlessOverwriteIsGiven() throws Exception {
        Path out = dir.resolve("twice");
        assertEquals(0, train(out).status());
        byte[] before = Files.readAllBytes(out.resolve("best.safetensors"));
        ToolRun again = train(out, "--seed", "3");
        assertOneLine(again, 1, "kiln train: --out " + out + " already holds the results of an earlier run (best.safetensors, ");
        assertTrue(again.err().contains("add --overwrite to replace them, --resume to continue that run"), again.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("best.safetensors")), "the earlier weights are untouched");
        ToolRun overwritten = train(out, "--seed", "3", "--overwrite");
        assertEquals(0, overwritten.status(), overwritten.toString());
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("best.safetensors"))), "replaced on request");
        ToolRun both = train(out, "--overwrite", "--resume");
        assertOneLine(both, 2, "kiln train: --overwrite and --resume exclude each other");
    }

    @Test
    void twoRunsCannotShareAnOutputDirectory() throws Exception {
        Path out = dir.resolve("shared");
        try (RunDirectory held = RunDirectory.open(out, false, false)) {
            ToolRun second = train(out);
            assertOneLine(second, 1, "kiln train: --out " + out + " is in use by another kiln run");
            assertFalse(Files.exists(out.resolve("best.safetensors")), "the second run wrote nothing");
        }
        assertEquals(0, train(out).status(), "free again once the first run ends");
    }

    @Test
    void badOutputPathsAreOneLineAndLeaveNoTemporaryFile() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertOneLine(train(file), 1, "kiln train: --out " + file + " is a file, not a directory");
        assertOneLine(train(Path.of("/proc/kiln-test-out")), 1, "kiln train: --out /proc/kiln-test-out: cannot create the directory");

        String w = weights.toString();
        Path pictures = Files.createDirectories(dir.resolve("pictures"));
        Path asDirectory = Files.createDirectories(pictures.resolve("taken.png"));
        ToolRun intoDirectory = ToolRun.of("filters", "LeNet5", "--weights", w, "--out", asDirectory.toString());
        assertOneLine(intoDirectory, 1, "kiln filters: cannot write " + asDirectory + ": it is a directory");
        ToolRun underFile = ToolRun.of("filters", "LeNet5", "--weights", w, "--out", file.resolve("x.png").toString());
        assertOneLine(underFile, 1, "kiln filters: cannot write " + file.resolve("x.png") + ": cannot create the directory");
        ToolRun proc = ToolRun.of("eval", "LeNet5", "--weights", w, "--data", data.toString(), "--backend", "java",
                "--confusion", "/proc/kiln-test.png");
        assertOneLine(proc, 1, "kiln eval: cannot write /proc/kiln-test.png: ");
        assertEquals(List.of(), leftovers(pictures));
        assertEquals(List.of(), leftovers(dir));
    }

    /** Issue 26 item 4: every verb that writes refuses to replace a file without --overwrite, in one line, before any work. */
    @Test
    void everyVerbThatWritesRefusesToReplaceAFileWithoutOverwrite() throws Exception {
        String w = weights.toString();
        Path unrelated = Files.writeString(dir.resolve("unrelated.onnx"), "someone else's file");
        assertOneLine(ToolRun.of("export", "LeNet5", "--weights", w, "--onnx", unrelated.toString()), 1,
                "kiln export: --onnx " + unrelated + " already exists; add --overwrite to replace it");
        assertEquals("someone else's file", Files.readString(unrelated), "was overwritten silently");
        assertEquals(0, ToolRun.of("export", "LeNet5", "--weights", w, "--onnx", unrelated.toString(), "--overwrite").status());
        assertFalse(Files.readString(unrelated, StandardCharsets.ISO_8859_1).startsWith("someone"), "replaced on request");
        Path folder = Files.createDirectories(dir.resolve("onnx-folder"));
        assertOneLine(ToolRun.of("export", "LeNet5", "--weights", w, "--onnx", folder.toString(), "--overwrite"), 1,
                "kiln export: cannot write " + folder + ": it is a directory"); // was a raw FileSystemException

        String[][] pictures = {
            {"featuremaps", "LeNet5", "--weights", w, "--layer", "c1", "--index", "0", "--data", data.toString(), "--backend",
                "java", "--out"},
            {"filters", "LeNet5", "--weights", w, "--layer", "c1", "--out"},
            {"eval", "LeNet5", "--weights", w, "--data", data.toString(), "--backend", "java", "--confusion"},
        };
        for (String[] words : pictures) {
            Path taken = Files.writeString(dir.resolve(words[0] + "-taken.png"), "keep me");
            List<String> command = new ArrayList<>(List.of(words));
            command.add(taken.toString());
            String option = words[words.length - 1];
            assertOneLine(ToolRun.of(command.toArray(String[]::new)), 1, "kiln " + words[0] + ": " + option + " " + taken
                    + " already exists; add --overwrite to replace it");
            assertEquals("keep me", Files.readString(taken), words[0]);
            command.add("--overwrite");
            ToolRun replaced = ToolRun.of(command.toArray(String[]::new));
            assertEquals(0, replaced.status(), replaced.toString());
            assertTrue(Files.size(taken) > 100, words[0] + " wrote its picture");
        }

        Path onnx = dir.resolve("for-import.onnx");
        assertEquals(0, ToolRun.of("export", "LeNet5", "--weights", w, "--onnx", onnx.toString()).status());
        Path imported = dir.resolve("imported");
        String[] importWords = {"import", onnx.toString(), "--name", "com.example.Copy", "--out", imported.toString()};
        assertEquals(0, ToolRun.of(importWords).status());
        byte[] first = Files.readAllBytes(imported.resolve("Copy.safetensors"));
        assertOneLine(ToolRun.of(importWords), 1, "kiln import: --out " + imported.resolve("com/example/Copy.java")
                + " already exists; add --overwrite to replace it");
        List<String> again = new ArrayList<>(List.of(importWords));
        again.add("--overwrite");
        assertEquals(0, ToolRun.of(again.toArray(String[]::new)).status());
        assertArrayEquals(first, Files.readAllBytes(imported.resolve("Copy.safetensors")));

        // kiln compile replaces a spec's compiled classes only when asked
        String source = imported.resolve("com/example/Copy.java").toString();
        String classes = imported.resolve("classes").toString();
        assertOneLine(ToolRun.of("compile", source, "--out", classes), 1, "kiln compile: --out "
                + imported.resolve("classes/com/example/Copy.class") + " already exists; add --overwrite to replace it");
        assertEquals(0, ToolRun.of("compile", source, "--out", classes, "--overwrite").status());

        // kiln infer's --output
        Path x = Files.write(dir.resolve("x.npy"), dev.kiln.interop.Npy.bytes(new dev.kiln.interop.Npy.Array(
                new long[] {1, 1, 28, 28}, new float[28 * 28])));
        Path y = Files.writeString(dir.resolve("y.npy"), "keep me");
        String[] infer = {"infer", "LeNet5", "--weights", w, "--input", x.toString(), "--output", y.toString(), "--backend", "java"};
        assertOneLine(ToolRun.of(infer), 1, "kiln infer: --output " + y + " already exists; add --overwrite to replace it");
        assertEquals("keep me", Files.readString(y));
        List<String> inferAgain = new ArrayList<>(List.of(infer));
        inferAgain.add("--overwrite");
        assertEquals(0, ToolRun.of(inferAgain.toArray(String[]::new)).status());
        assertEquals(1, dev.kiln.interop.Npy.read(y, "y").shape()[0]);
    }

    /** Issue 26 item 4: a run that fails before writing anything leaves no directory holding only the lock. */
    @Test
    void failedRunsLeaveNothingBehind() throws Exception {
        Path notACheckpoint = Files.writeString(dir.resolve("not-a-checkpoint.safetensors"), "garbage, not safetensors");
        Path badInit = dir.resolve("bad-init");
        assertEquals(1, train(badInit, "--init-from", notACheckpoint.toString()).status());
        assertFalse(Files.exists(badInit), "a bad --init-from leaves nothing");

        Path diverged = dir.resolve("diverged");
        ToolRun run = train(diverged, "--optimizer", "sgd", "--lr", "1e30");
        assertEquals(1, run.status(), run.toString());
        assertTrue(run.err().contains("diverged"), run.err());
        assertFalse(Files.exists(diverged), "a run diverging before its first checkpoint leaves nothing");

        Path noDevice = Files.createDirectories(dir.resolve("made-by-the-user"));
        run = ToolRun.of("train", "LeNet5", "--epochs", "1", "--max-steps", "1", "--backend", "opencl", "--device", "99",
                "--data", data.toString(), "--out", noDevice.toString());
        assertEquals(1, run.status(), run.toString());
        assertTrue(Files.isDirectory(noDevice), "a folder the user made stays");
        try (Stream<Path> files = Files.list(noDevice)) {
            assertEquals(List.of(), files.toList(), "without the lock file");
        }
    }

    @Test
    void nothingIsWrittenThroughALinkOrOverADevice() throws Exception {
        String w = weights.toString();
        Path target = Files.writeString(dir.resolve("target.png"), "keep me");
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), target);
        ToolRun throughLink = ToolRun.of("filters", "LeNet5", "--weights", w, "--out", link.toString());
        assertOneLine(throughLink, 1, "kiln filters: cannot write " + link + ": it is a symbolic link");
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("keep me", Files.readString(target));

        // a named pipe stands in for /dev/full: both are files that are not regular, checked the same way
        Path fifo = dir.resolve("pipe.png");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        ToolRun overPipe = ToolRun.of("eval", "LeNet5", "--weights", w, "--data", data.toString(), "--backend", "java",
                "--confusion", fifo.toString());
        assertOneLine(overPipe, 1, "kiln eval: cannot write " + fifo + ": it is not a regular file");
        assertFalse(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "the pipe was not replaced");
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS));
        ToolRun devFull = ToolRun.of("filters", "LeNet5", "--weights", w, "--out", "/dev/full");
        assertOneLine(devFull, 1, "kiln filters: cannot write /dev/full: it is not a regular file");
        assertFalse(Files.isRegularFile(Path.of("/dev/full"), LinkOption.NOFOLLOW_LINKS), "/dev/full is still a device");
    }

    @Test
    void aTruncatedPictureIsOneLine() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        Path whole = dir.resolve("whole.png");
        javax.imageio.ImageIO.write(image, "png", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.png"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ToolRun run = ToolRun.of("predict", "LeNet5", "--weights", weights.toString(), "--image", truncated.toString(),
                "--data", data.toString(), "--backend", "java");
        assertOneLine(run, 1, "kiln predict: --image " + truncated + ": not a readable image (");
    }

    @Test
    void kilnBackendChoosesTheBackendWhenNoOptionDoes() {
        // the property stands in for the environment variable: both go through BackendChoice.fromEnvironment
        String w = weights.toString();
        System.setProperty("kiln.backend", "tpu");
        try {
            ToolRun bogus = ToolRun.of("eval", "LeNet5", "--weights", w, "--data", data.toString());
            assertOneLine(bogus, 1, "kiln eval: unknown backend 'tpu' in KILN_BACKEND: use java, opencl or auto");
            ToolRun overridden = ToolRun.of("eval", "LeNet5", "--weights", w, "--data", data.toString(), "--backend", "java");
            assertEquals(0, overridden.status(), "--backend wins over the setting: " + overridden);
            System.setProperty("kiln.backend", "JAVA");
            ToolRun java = ToolRun.of("eval", "LeNet5", "--weights", w, "--data", data.toString());
            assertEquals(0, java.status(), java.toString());
            assertTrue(java.out().contains(", java ("), "ran on java: " + java.out());
        } finally {
            System.clearProperty("kiln.backend");
        }
    }

    @Test
    void historyCsvGetsTheModeOfANewFile() throws Exception {
        Path out = dir.resolve("first");
        Set<PosixFilePermission> history = Files.getPosixFilePermissions(out.resolve("history.csv"));
        Set<PosixFilePermission> fresh = Files.getPosixFilePermissions(Files.createFile(dir.resolve("fresh")));
        assertEquals(fresh, history, "the umask decides, as for any new file");
        assertEquals(fresh, Files.getPosixFilePermissions(out.resolve("report.html")));
        assertEquals(fresh, Files.getPosixFilePermissions(out.resolve("best.safetensors")));
    }

    @Test
    void ctrlCWritesWhatWasDoneAndResumeGivesTheUninterruptedRun() throws Exception {
        Path full = dir.resolve("full");
        Path whole = dir.resolve("whole");
        List<String> args = List.of("train", "LeNet5", "--epochs", "3", "--max-steps", "120", "--batch", "32", "--backend",
                "java", "--seed", "5");
        List<String> interrupted = new ArrayList<>(args);
        interrupted.addAll(List.of("--out", full.toString()));

        // a fresh JVM through the launcher, interrupted with SIGINT once its first epoch is done
        List<String> command = new ArrayList<>(List.of(FreshJvm.ROOT.resolve("kiln").toString()));
        command.addAll(interrupted);
        ProcessBuilder builder = new ProcessBuilder(command).directory(FreshJvm.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("KILN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().remove("LD_PRELOAD");
        Process p = builder.start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.append(line).append('\n');
                if (line.startsWith("epoch 1/3:")) {
                    assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
                }
            }
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(130, p.exitValue(), out.toString());
        assertTrue(out.toString().contains("interrupted in epoch 2 after step "), out.toString());
        List<String> history = Files.readAllLines(full.resolve("history.csv"));
        assertEquals(2, history.size(), "the header and the finished epoch: " + history);
        assertTrue(Files.readString(full.resolve("report.html")).contains("continue with --resume"));
        assertTrue(Files.isRegularFile(full.resolve("training-state.safetensors")));

        List<String> resume = new ArrayList<>(interrupted);
        resume.add("--resume");
        ToolRun resumed = ToolRun.of(resume.toArray(String[]::new));
        assertEquals(0, resumed.status(), resumed.toString());
        List<String> uninterruptedArgs = new ArrayList<>(args);
        uninterruptedArgs.addAll(List.of("--out", whole.toString()));
        ToolRun uninterrupted = ToolRun.of(uninterruptedArgs.toArray(String[]::new));
        assertEquals(0, uninterrupted.status(), uninterrupted.toString());

        assertEquals(uninterrupted.lastLine(), resumed.lastLine(), "the same test accuracy");
        assertArrayEquals(Files.readAllBytes(whole.resolve("best.safetensors")), Files.readAllBytes(full.resolve("best.safetensors")),
                "the same best weights, bit for bit");
        assertEquals(lossColumns(whole.resolve("history.csv")), lossColumns(full.resolve("history.csv")));
    }

    /**
     * Issue 27 item 6: a second {@code kiln train} process into the same {@code --out} is refused while the
     * first runs (the lock across processes, not only within one JVM). Issue 26 item 8: SIGTERM then stops
     * the first run as Ctrl-C does, and the exit status says which signal it was (128 + 15).
     */
    @Test
    void aSecondProcessIsRefusedTheDirectoryAndSigtermExits143() throws Exception {
        Path out = dir.resolve("terminated");
        // 1,800 training images in steps of 16, 20 epochs: the signal arrives long before the run could end
        Path more = SmallFashionMnist.write(Files.createDirectories(dir.resolve("data-2000")), 2000, 32);
        List<String> command = new ArrayList<>(List.of(FreshJvm.ROOT.resolve("kiln").toString(), "train", "LeNet5", "--epochs",
                "20", "--batch", "16", "--backend", "java", "--data", more.toString(), "--out", out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(FreshJvm.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("KILN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().remove("LD_PRELOAD");
        Process p = builder.start();
        StringBuilder text = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                text.append(line).append('\n');
                if (line.startsWith("training LeNet5 on ")) { // the lock is held and the handler in place
                    FreshJvm second = FreshJvm.kiln(Map.of(), "train", "LeNet5", "--epochs", "1", "--backend", "java",
                            "--data", data.toString(), "--out", out.toString());
                    assertEquals(1, second.status(), second.toString());
                    assertEquals("kiln train: --out " + out + " is in use by another kiln run (it holds "
                            + out.resolve(".kiln.lock") + "); wait for it to finish or choose another --out",
                            second.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).reduce("",
                                    (a, b) -> a + b + "\n").strip());
                    assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
                }
            }
        }
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(143, p.exitValue(), text.toString()); // was 130, Ctrl-C's
        assertTrue(text.toString().contains("interrupted in epoch "), text.toString());
        assertTrue(Files.isRegularFile(out.resolve("training-state.safetensors")));
    }

    /** epoch, losses, accuracies and learning rate: every column but the timings. */
    static List<String> lossColumns(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> {
            String[] f = l.split(",", -1);
            return String.join(",", f[0], f[1], f[2], f[3], f[4], f[7]);
        }).toList();
    }
}
