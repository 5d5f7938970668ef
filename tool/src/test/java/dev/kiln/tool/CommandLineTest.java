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
        // by hand: 61,706 floats of parameters, as many gradients, twice as many Adam moments; per image the input and
        // every output (784 + 4,704 + 1,176 + 1,600 + 400 + 120 + 120 + 84 + 10 = 8,998 floats) with their gradients
        assertEquals("Memory to train (batch 64, adam): about 5.3 MiB: parameters 0.2 MiB, gradients 0.2 MiB, optimiser state "
                + "0.5 MiB, activations 4.4 MiB (64 images of 0.1 MiB)", lenet.lastLine());
        ToolRun fashion = ToolRun.of("summary", "dev.kiln.samples.FashionCnn");
        assertTrue(fashion.lines().contains("Total params: 421,642"), fashion.toString());
        // ColourShapes by hand: 3*9*8+8 = 224, 8*9*16+16 = 1,168, 16*8*8*32+32 = 32,800, 32*6+6 = 198
        ToolRun rgb = ToolRun.of("summary", "ColourShapes");
        assertTrue(rgb.lines().contains("Total params: 34,390"), rgb.toString());
        // EdgeDetector: 9 weights and a bias
        assertTrue(ToolRun.of("summary", "EdgeDetector").lines().contains("Total params: 10"));
        // --memory adds inference at the batch asked for: LeNet-5 is a chain, so each layer holds its input and output;
        // the most is at s2, c1's 4,704 floats and its own 1,176 (every output kept: 8,998), by hand
        ToolRun memory = ToolRun.of("summary", "LeNet5", "--memory", "--batch", "1000");
        assertEquals(0, memory.status(), memory.toString());
        assertTrue(memory.out().contains("Memory to train (batch 1000, adam): "), memory.out());
        assertEquals("Memory to infer (batch 1000): about 22.7 MiB: parameters 0.2 MiB, activations 22.4 MiB at their peak "
                + "(1,000 images of 0.0 MiB; every layer's output kept would be 34.3 MiB)", memory.lastLine());
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
    void everyVerbHasHelpListingOnlyItsOwnOptions() {
        List<String> runsNetwork = List.of("train", "eval", "predict", "featuremaps", "infer");
        for (String verb : Kiln.verbNames()) {
            ToolRun run = ToolRun.of(verb, "--help");
            assertEquals(0, run.status(), verb + ": " + run);
            assertTrue(run.out().startsWith("usage: kiln " + verb), run.out());
            assertTrue(run.out().contains("--help"), verb + " lists --help");
            boolean network = !verb.equals("devices") && !verb.equals("completion") && !verb.equals("make-cells")
                    && !verb.equals("import") && !verb.equals("compile");
            assertEquals(network, run.out().contains("--classpath=PATH"), verb + " lists --classpath when it reads a spec");
            for (String backend : List.of("--backend=java|opencl|auto", "--device=N")) {
                assertEquals(runsNetwork.contains(verb), run.out().contains(backend),
                        verb + (runsNetwork.contains(verb) ? " lists " : " does not list ") + backend + ":\n" + run.out());
            }
        }
        ToolRun train = ToolRun.of("train", "--help");
        for (String option : List.of("--epochs=N", "--batch=N", "--lr=X", "--optimizer=sgd|adam", "--seed=N", "--out=DIR",
                "--data=DIR", "--validation=F", "--patience=N", "--max-steps=N")) {
            assertTrue(train.out().contains(option), "train lists " + option + ":\n" + train.out());
        }
        ToolRun overview = ToolRun.of("--help");
        assertEquals(0, overview.status());
        for (String verb : Kiln.verbNames()) {
            assertTrue(overview.out().contains("  " + verb + " "), "overview lists " + verb);
        }
        ToolRun none = ToolRun.of();
        assertEquals(2, none.status(), "no verb is a usage error");
        assertEquals(overview.out(), none.out());
    }

    /** Issue 26 item 6: the nearest model, verb and option is suggested. */
    @Test
    void mistypedNamesGetTheNearestOne() {
        for (String model : List.of("lenet5", "Lenet5", "LeNet")) {
            ToolRun run = ToolRun.of("summary", model);
            assertEquals(1, run.status(), run.toString());
            assertEquals("kiln summary: no model named '" + model + "'; did you mean LeNet5?", run.err().strip());
        }
        assertEquals("kiln train: no option --batch-size; did you mean --batch? (kiln train --help lists its options)",
                ToolRun.of("train", "LeNet5", "--batch-size", "32").err().strip());
        assertEquals("kiln train: no option --ouput; did you mean --out? (kiln train --help lists its options)",
                ToolRun.of("train", "LeNet5", "--ouput", "x").err().strip());
        // the mistyped option is the problem, not the required one it leaves missing
        ToolRun weights = ToolRun.of("eval", "LeNet5", "--weigths", "w.safetensors");
        assertEquals(2, weights.status());
        assertEquals("kiln eval: no option --weigths; did you mean --weights? (kiln eval --help lists its options)",
                weights.err().strip());
        // values that look like options are values; negated options are options
        assertEquals("kiln train: no option --frobnicate (kiln train --help lists its options)",
                ToolRun.of("train", "LeNet5", "--seed", "-5", "--no-nesterov", "--frobnicate").err().strip());
        ToolRun far = ToolRun.of("summary", "Xyzzy");
        assertTrue(far.err().startsWith("kiln summary: no model named 'Xyzzy'; the models found are ["), far.err());
    }

    @Test
    void optionsThatDoNothingForAVerbAreRefused() {
        for (String verb : List.of("summary", "kernels")) {
            ToolRun run = ToolRun.of(verb, "LeNet5", "--backend", "java");
            assertEquals(2, run.status(), run.toString());
            assertEquals("kiln " + verb + ": no option --backend (kiln " + verb + " --help lists its options)",
                    run.err().strip());
        }
        ToolRun devices = ToolRun.of("devices", "--device=0");
        assertEquals(2, devices.status());
        assertEquals("kiln devices: no option --device (kiln devices --help lists its options)", devices.err().strip());
    }

    @Test
    void badCommandLinesExitWithStatusTwoAndSayWhy() {
        ToolRun verb = ToolRun.of("trian", "LeNet5");
        assertEquals(2, verb.status());
        assertTrue(verb.err().startsWith("kiln: unknown verb 'trian'; did you mean 'train'?\n"), verb.err());
        ToolRun option = ToolRun.of("train", "LeNet5", "--epoch", "3");
        assertEquals(2, option.status());
        assertEquals("kiln train: no option --epoch; did you mean --epochs? (kiln train --help lists its options)",
                option.err().strip());
        ToolRun number = ToolRun.of("train", "LeNet5", "--epochs", "three");
        assertEquals(2, number.status());
        assertEquals("kiln train: --epochs needs a whole number, got 'three'", number.err().strip());
        ToolRun zero = ToolRun.of("train", "LeNet5", "--epochs=0");
        assertEquals("kiln train: --epochs must be at least 1, got 0", zero.err().strip());
        ToolRun fraction = ToolRun.of("train", "LeNet5", "--validation", "1");
        assertEquals("kiln train: --validation must be in [0, 1), got 1", fraction.err().strip());
        ToolRun rate = ToolRun.of("train", "LeNet5", "--lr", "-1");
        assertEquals("kiln train: --lr must be a positive number, got -1", rate.err().strip());
        ToolRun backend = ToolRun.of("eval", "LeNet5", "--backend", "cuda");
        assertEquals(2, backend.status());
        assertEquals("kiln eval: --backend must be one of java, opencl, auto, got 'cuda'", backend.err().strip());
        ToolRun optimizer = ToolRun.of("train", "LeNet5", "--optimizer", "rmsprop");
        assertEquals("kiln train: --optimizer must be one of sgd, adam, got 'rmsprop'", optimizer.err().strip());
        ToolRun value = ToolRun.of("eval", "LeNet5", "--weights");
        assertEquals("kiln eval: --weights needs a value: --weights FILE", value.err().strip());
        ToolRun required = ToolRun.of("eval", "LeNet5");
        assertEquals(2, required.status());
        assertTrue(required.err().startsWith("kiln eval: kiln eval needs --weights FILE: "), required.err());
        ToolRun twice = ToolRun.of("train", "LeNet5", "--seed", "1", "--seed", "2");
        assertEquals("kiln train: --seed is given twice", twice.err().strip());
        ToolRun spec = ToolRun.of("summary");
        assertEquals(2, spec.status());
        assertTrue(spec.err().contains("takes one spec name, none was given"), spec.err());
        ToolRun two = ToolRun.of("summary", "LeNet5", "FashionCnn");
        assertEquals(2, two.status());
        assertTrue(two.err().contains("takes one spec name, and [FashionCnn] is more"), two.err());
        ToolRun top = ToolRun.of("predict", "LeNet5", "--weights", "none.safetensors", "--index", "0", "--top", "0");
        assertEquals(2, top.status(), "--top 0 is refused before any file is read or backend opened");
        assertEquals("kiln predict: --top must be at least 1, got 0", top.err().strip());
    }

    @Test
    void argumentsMayComeFromAFileAndValuesAfterAnEqualsSign(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("args.txt");
        Files.writeString(file, "LeNet5\n--classpath " + dir + "\n");
        ToolRun run = ToolRun.of("summary", "@" + file);
        assertEquals(0, run.status(), run.toString());
        assertTrue(run.lines().contains("Total params: 61,706"), run.out());
        ToolRun equals = ToolRun.of("summary", "LeNet5", "--classpath=" + dir);
        assertEquals(0, equals.status(), equals.toString());
    }

    @Test
    void completionPrintsABashScriptForEveryVerb() {
        ToolRun run = ToolRun.of("completion");
        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("complete -F"), "a bash completion function");
        for (String verb : Kiln.verbNames()) {
            assertTrue(run.out().contains(verb), "completes " + verb);
        }
        assertTrue(run.out().contains("--max-steps"), "completes train's options");
    }

    @Test
    void aMissingWeightsFileSaysHowToMakeOne(@TempDir Path dir) {
        ToolRun run = ToolRun.of("eval", "LeNet5", "--weights", dir.resolve("nope.safetensors").toString(), "--backend", "java");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("no such file. Train first: ./kiln train LeNet5"), run.err());
    }
}
