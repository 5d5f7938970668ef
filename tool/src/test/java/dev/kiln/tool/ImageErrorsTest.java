package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Models;
import dev.kiln.spec.NetworkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MalariaCnn's golden count, and the messages of issue 11's robustness list through the tool. */
class ImageErrorsTest {
    @TempDir
    Path dir;

    @Test
    void malariaCnnHas56257Parameters() {
        NetworkSpec spec = Models.find("MalariaCnn").spec();
        // conv1 32*3*3*3+32 = 896 (same padding keeps 100x100); pool1 (32, 50, 50);
        // conv2 64*32*3*3+64 = 18,496 giving (64, 48, 48); pool2 (64, 24, 24) = 36,864 values; out 36,864+1 = 36,865
        assertEquals(896 + 18_496 + 36_865, spec.parameterCount());
        assertEquals(56_257, spec.parameterCount());
        assertEquals(36_864, spec.layer("flat").output().intSize());
        assertTrue(Models.find("MalariaCnn").summary().contains("Total params: 56,257\n"));
    }

    private static ToolRun failing(int status, String... words) {
        ToolRun run = ToolRun.of(words);
        assertEquals(status, run.status(), run.toString());
        return run;
    }

    @Test
    void aNetworkWithoutDataIsToldAboutImageFolders() {
        ToolRun run = failing(1, "train", "MalariaCnn", "--backend", "java");
        assertTrue(run.err().contains("give --data DIR with an image folder"), run.err());
    }

    @Test
    void badFoldersAndPicturesAreNamed() throws Exception {
        Path single = dir.resolve("single");
        Files.createDirectories(single.resolve("Parasitized"));
        Files.writeString(single.resolve("Parasitized").resolve("a.png"), "not a png");
        ToolRun one = failing(1, "train", "MalariaCnn", "--data", single.toString(), "--backend", "java");
        assertTrue(one.err().contains(single + ": only one class folder (Parasitized/)"), one.err());

        Path cells = dir.resolve("cells");
        assertEquals(0, ToolRun.of("make-cells", cells.toString(), "--count", "3").status());
        Path bad = cells.resolve("Uninfected").resolve("broken.jpg");
        Files.writeString(bad, "this is text");
        ToolRun broken = failing(1, "train", "MalariaCnn", "--data", cells.toString(), "--backend", "java");
        assertTrue(broken.err().contains(bad + ": not a PNG, JPEG, BMP or GIF picture"), broken.err());
        assertTrue(broken.err().contains("--skip-bad"), broken.err());

        ToolRun again = failing(1, "make-cells", cells.toString());
        assertTrue(again.err().contains(cells.resolve("Parasitized") + " already exists"), again.err());
    }

    @Test
    void unknownLayersAndMismatchedCheckpointsAreNamedBeforeTraining() throws Exception {
        Path cells = dir.resolve("cells");
        assertEquals(0, ToolRun.of("make-cells", cells.toString(), "--count", "3").status());
        ToolRun freeze = failing(1, "train", "MalariaCnn", "--data", cells.toString(), "--freeze", "conv1,c9",
                "--backend", "java");
        assertTrue(freeze.err().contains("MalariaCnn has no layer c9 (named in --freeze or --lr-scale); its layers with"
                + " parameters are [conv1, conv2, out]"), freeze.err());
        ToolRun missing = failing(1, "train", "MalariaCnn", "--data", cells.toString(), "--init-from",
                dir.resolve("nope.safetensors").toString(), "--backend", "java");
        assertTrue(missing.err().contains("--init-from " + dir.resolve("nope.safetensors") + ": no such file"), missing.err());
        ToolRun map = failing(2, "train", "MalariaCnn", "--init-map", "a=b", "--backend", "java");
        assertTrue(map.err().contains("give --init-from too"), map.err());
        ToolRun picture = failing(1, "predict", "MalariaCnn", "--weights", dir.resolve("w.safetensors").toString(),
                "--image", "x.png");
        assertTrue(picture.err().contains("no such file"), picture.err());
    }
}
