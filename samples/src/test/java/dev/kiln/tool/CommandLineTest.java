package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Models;
import dev.kiln.runtime.opencl.OpenClBackend;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verbs that need no training: summary (samples and a user's spec on --classpath), kernels, help and usage errors. */
class CommandLineTest {

    @Test
    void summaryOfTheSamplesEndsWithThePublishedTotals() {
        ToolRun lenet = ToolRun.of("summary", "LeNet5");
        assertEquals(0, lenet.status(), lenet.toString());
        assertTrue(lenet.lines().contains("Total params: 61,706"), lenet.out());
        assertTrue(lenet.out().contains("Kernel launches per forward: "), lenet.out());
        assertTrue(lenet.out().contains("Kernel launches per training step: "), lenet.out());
        ToolRun fashion = ToolRun.of("summary", "dev.kiln.samples.FashionCnn");
        assertTrue(fashion.lines().contains("Total params: 421,642"), fashion.toString());
        // ColourShapes by hand: 3*9*8+8 = 224, 8*9*16+16 = 1,168, 16*8*8*32+32 = 32,800, 32*6+6 = 198
        ToolRun rgb = ToolRun.of("summary", "ColourShapes");
        assertTrue(rgb.lines().contains("Total params: 34,390"), rgb.toString());
        // EdgeDetector: 9 weights and a bias
        assertTrue(ToolRun.of("summary", "EdgeDetector").lines().contains("Total params: 10"));
    }

    @Test
    void summaryFindsAUsersSpecOnTheClasspath(@TempDir Path dir) throws Exception {
        // issue 2's 13x13 example: conv (3, 10, 10) with 48 params, pool (3, 5, 5), dense 4: 348 params, 5,175 multiplies
        Path src = Files.createDirectories(dir.resolve("src/com/example"));
        Files.writeString(src.resolve("Tiny.java"), String.join("\n",
                "package com.example;",
                "import dev.kiln.dsl.*;",
                "@Network(channels = 1, height = 13, width = 13, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "public abstract class Tiny {",
                "    @Conv2d(filters = 3, kernel = 4, bias = false, activation = Activation.RELU) Layer conv;",
                "    @AvgPool2d(size = 2) Layer pool;",
                "    @Flatten Layer flat;",
                "    @Dense(units = 4, bias = false) Layer out;",
                "}", ""));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = System.getProperty("java.class.path");
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-classpath", cp, "-processorpath", cp,
                src.resolve("Tiny.java").toString());
        assertEquals(0, rc, "javac with Kiln's processor compiles the user's spec");

        ToolRun missing = ToolRun.of("summary", "com.example.Tiny");
        assertEquals(1, missing.status(), "not on the tool's own class path");
        assertTrue(missing.err().contains("no model named 'com.example.Tiny'"), missing.err());

        ToolRun found = ToolRun.of("summary", "com.example.Tiny", "--classpath", classes + File.pathSeparator + dir.resolve("none.jar"));
        assertEquals(1, found.status(), "a missing classpath entry is reported");
        assertTrue(found.err().contains("none.jar does not exist"), found.err());

        ToolRun ok = ToolRun.of("summary", "Tiny", "--classpath", classes.toString());
        assertEquals(0, ok.status(), ok.toString());
        assertTrue(ok.lines().contains("Total params: 348"), ok.out());
        assertTrue(ok.lines().contains("Total multiplies: 5,175"), ok.out());
    }

    @Test
    void kernelsPrintsTheGeneratedOpenClSource() {
        ToolRun run = ToolRun.of("kernels", "LeNet5");
        assertEquals(0, run.status(), run.toString());
        String source = Models.find("LeNet5").openCl().source();
        assertEquals(source.endsWith("\n") ? source : source + "\n", run.out());
    }

    @Test
    void devicesListsTheOpenClDevicesByIndex() {
        ToolRun run = ToolRun.of("devices");
        assertEquals(0, run.status(), run.toString());
        if (OpenClBackend.platformAvailable()) {
            assertTrue(run.out().startsWith("0: "), run.out());
            for (String line : run.lines()) {
                assertTrue(line.matches("\\d+: .+ \\((GPU|CPU)\\) on .+, \\d+ compute units, [\\d,]+ MiB"), line);
            }
        } else {
            assertTrue(run.out().startsWith("no OpenCL device found"), run.out());
        }
        ToolRun extra = ToolRun.of("devices", "LeNet5");
        assertEquals(2, extra.status());
        assertEquals("kiln devices: kiln devices takes no spec, got [LeNet5]", extra.err().strip());
    }

    @Test
    void everyVerbHasHelpListingItsOptions() {
        for (Verb v : Kiln.VERBS) {
            ToolRun run = ToolRun.of(v.name(), "--help");
            assertEquals(0, run.status(), v.name() + ": " + run);
            assertTrue(run.out().startsWith("usage: kiln " + v.name()), run.out());
            for (String common : List.of("--classpath PATH", "--backend java|opencl|auto", "--device N")) {
                assertTrue(run.out().contains(common), v.name() + " lists " + common);
            }
        }
        assertTrue(ToolRun.of("train", "--help").out().contains("--max-steps N"));
        ToolRun overview = ToolRun.of("--help");
        assertEquals(0, overview.status());
        for (Verb v : Kiln.VERBS) {
            assertTrue(overview.out().contains("  " + v.name() + " "), "overview lists " + v.name());
        }
    }

    @Test
    void badCommandLinesExitWithStatusTwoAndSayWhy() {
        ToolRun verb = ToolRun.of("trian", "LeNet5");
        assertEquals(2, verb.status());
        assertTrue(verb.err().startsWith("kiln: unknown verb 'trian'"), verb.err());
        ToolRun option = ToolRun.of("train", "LeNet5", "--epoch", "3");
        assertEquals(2, option.status());
        assertEquals("kiln train: kiln train has no option --epoch; see kiln train --help", option.err().strip());
        ToolRun number = ToolRun.of("train", "LeNet5", "--epochs", "three");
        assertEquals("kiln train: --epochs needs a whole number, got 'three'", number.err().strip());
        ToolRun backend = ToolRun.of("summary", "LeNet5", "--backend", "cuda");
        assertEquals(2, backend.status());
        assertEquals("kiln summary: --backend must be one of java, opencl, auto, got 'cuda'", backend.err().strip());
        ToolRun value = ToolRun.of("eval", "LeNet5", "--weights");
        assertEquals("kiln eval: --weights needs a value: --weights FILE", value.err().strip());
        ToolRun spec = ToolRun.of("summary");
        assertEquals(2, spec.status());
        assertTrue(spec.err().contains("takes one spec name, none was given"), spec.err());
    }

    @Test
    void aMissingWeightsFileSaysHowToMakeOne(@TempDir Path dir) {
        ToolRun run = ToolRun.of("eval", "LeNet5", "--weights", dir.resolve("nope.safetensors").toString(), "--backend", "java");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("no such file. Train first: ./kiln train LeNet5"), run.err());
    }
}
