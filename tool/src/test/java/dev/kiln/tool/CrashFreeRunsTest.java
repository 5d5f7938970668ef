package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.Required;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.opencl.SignalSafety;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, part 1: no verb on any backend choice may kill the JVM. PoCL (through LLVM) replaces
 * the JVM's SIGSEGV/SIGBUS/SIGILL/SIGFPE handlers when it is loaded; before the fix, probing for a
 * GPU loaded it into every {@code --backend auto} run, and runs died with status 139 now and then.
 * Here: short runs of every verb on {@code java}, {@code opencl} and {@code auto}, each in a fresh
 * JVM through the real {@code ./kiln} launcher with {@code -Xcheck:jni} (which reports replaced
 * handlers), asserting a clean exit every time; and the two facts the fix rests on, checked
 * deterministically: {@code auto} maps no OpenCL driver into the JVM, and with the launcher's
 * signal chaining the JVM keeps its handlers while PoCL runs (divisions by zero still throw).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashFreeRunsTest {
    private static final Map<String, String> CHECKED = Map.of("KILN_JAVA_OPTS", "-Xcheck:jni");
    Path dir;
    Path data;
    Path weights;
    boolean openCl;

    @BeforeAll
    void trainOnce(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Required.that(SmallFashionMnist.available(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        openCl = OpenClBackend.platformAvailable();
        // without OpenCL the rounds run the other backends; CI must have it
        Required.that(openCl || !Required.ci(), "no OpenCL platform found (install PoCL)");
        data = SmallFashionMnist.write(Files.createDirectories(dir.resolve("data")), 96, 32);
        ToolRun train = ToolRun.of("train", "LeNet5", "--epochs", "1", "--max-steps", "1", "--batch", "32", "--backend", "java",
                "--out", dir.resolve("weights").toString(), "--data", data.toString());
        assertEquals(0, train.status(), train.toString());
        weights = dir.resolve("weights/best.safetensors");
    }

    /** One round: every verb once, the ones that run a network once per backend choice. */
    List<List<String>> round(int n) {
        List<List<String>> runs = new ArrayList<>();
        String w = weights.toString();
        String d = data.toString();
        List<String> backends = openCl ? List.of("java", "opencl", "auto") : List.of("java", "auto");
        for (String b : backends) {
            runs.add(List.of("train", "LeNet5", "--epochs", "1", "--max-steps", "2", "--batch", "16", "--data", d, "--backend", b,
                    "--out", dir.resolve("train-" + b + "-" + n).toString()));
            runs.add(List.of("eval", "LeNet5", "--weights", w, "--data", d, "--backend", b));
            runs.add(List.of("predict", "LeNet5", "--weights", w, "--index", "1", "--data", d, "--backend", b));
            runs.add(List.of("featuremaps", "LeNet5", "--weights", w, "--layer", "c1", "--data", d, "--backend", b,
                    "--out", dir.resolve("maps-" + b + "-" + n + ".png").toString()));
        }
        runs.add(List.of("summary", "FashionCnn"));
        runs.add(List.of("kernels", "LeNet5"));
        runs.add(List.of("devices"));
        runs.add(List.of("filters", "LeNet5", "--weights", w, "--out", dir.resolve("filters-" + n + ".png").toString()));
        return runs;
    }

    void rounds(int count) throws Exception {
        int runs = 0;
        for (int n = 0; n < count; n++) {
            for (List<String> words : round(n)) {
                // -Xcheck:jni reports replaced signal handlers, but it also breaks JOCL's device queries: not with opencl
                boolean loadsOpenCl = words.contains("opencl");
                FreshJvm run = FreshJvm.kiln(loadsOpenCl ? Map.of() : CHECKED, words.toArray(String[]::new));
                assertEquals(0, run.status(), "run " + runs + " (round " + n + "): " + run);
                assertFalse(run.err().contains("handler modified"), "the JVM's signal handlers were replaced: " + run);
                runs++;
            }
        }
    }

    @Test
    void everyVerbOnEveryBackendExitsCleanly() throws Exception {
        rounds(Integer.getInteger("kiln.crash.rounds", 1));
    }

    @Test
    @Tag("long")
    void everyVerbOnEveryBackendExitsCleanlyTenTimes() throws Exception {
        rounds(10);
    }

    @Test
    void autoLoadsNoOpenClDriverIntoTheJvm() throws Exception {
        assumeTrue(!SignalSafety.handlerReplacingDrivers().isEmpty(), "no PoCL installed: nothing could be loaded");
        for (String choice : List.of("auto", "java")) {
            FreshJvm run = FreshJvm.java(Map.of(), List.of(), SignalCheckMain.class, choice);
            assertEquals(0, run.status(), run.toString());
            assertTrue(run.out().contains("pocl mapped: false"), choice + ": " + run);
            assertTrue(run.out().contains("llvm mapped: false"), choice + ": " + run);
            assertTrue(run.out().contains("divisions by zero: 2000, thrown: 2000"), choice + ": " + run);
        }
    }

    @Test
    void withSignalChainingPoclRunsAndTheJvmKeepsItsHandlers() throws Exception {
        Required.openCl();
        Path jsig = SignalSafety.libjsig().orElseThrow(() -> new AssertionError("this JDK has no libjsig.so"));
        FreshJvm chained = FreshJvm.java(Map.of("LD_PRELOAD", jsig.toString()), List.of(), SignalCheckMain.class, "opencl");
        assertEquals(0, chained.status(), chained.toString());
        assertTrue(chained.out().contains("backend: opencl: "), chained.toString());
        assertTrue(chained.out().contains("pocl mapped: true"), "PoCL really ran in this JVM: " + chained);
        assertTrue(chained.out().contains("divisions by zero: 2000, thrown: 2000"), chained.toString());

        if (!SignalSafety.handlerReplacingDrivers().isEmpty()) {
            FreshJvm unchained = FreshJvm.java(Map.of(), List.of(), SignalCheckMain.class, "opencl");
            assertEquals(0, unchained.status(), unchained.toString());
            assertTrue(unchained.out().contains("backend: refused: opencl: the installed OpenCL driver"), unchained.toString());
            assertTrue(unchained.out().contains("LD_PRELOAD=" + jsig), unchained.toString());
            assertTrue(unchained.out().contains("pocl mapped: false"), "refused before loading: " + unchained);
        }
    }
}
