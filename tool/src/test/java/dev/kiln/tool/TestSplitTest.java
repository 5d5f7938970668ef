package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 item 2: an option combination that cannot work is refused before the first step, not
 * after the checkpoints of a long run; a {@code --test-split} the data's own test set makes moot is
 * said to be ignored.
 */
class TestSplitTest {
    @TempDir
    Path dir;

    @Test
    void aTestSplitOfZeroIsRefusedBeforeTraining() {
        Path cells = dir.resolve("cells");
        assertEquals(0, ToolRun.of("make-cells", cells.toString(), "--count", "4").status());
        Path out = dir.resolve("run");
        ToolRun run = ToolRun.of("train", "LeNet5", "--data", cells.toString(), "--test-split", "0", "--epochs", "1",
                "--backend", "java", "--out", out.toString());
        assertEquals(2, run.status(), run.toString());
        assertEquals("kiln train: --test-split 0 holds out no test pictures of " + cells + ", but a run ends by testing on "
                + "them; give a fraction such as 0.2, or put the pictures in " + cells + "/train/<class>/ and " + cells
                + "/test/<class>/", run.err().strip()); // was: "holds no images" after training, checkpoints written
        assertFalse(run.out().contains("epoch 1/1"), run.out());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aTestSplitWithTrainAndTestFoldersIsSaidToBeIgnored() {
        Path split = dir.resolve("split");
        assertEquals(0, ToolRun.of("make-cells", split.resolve("train").toString(), "--count", "4").status());
        assertEquals(0, ToolRun.of("make-cells", split.resolve("test").toString(), "--count", "2", "--seed", "1").status());
        ToolRun run = ToolRun.of("train", "LeNet5", "--data", split.toString(), "--test-split", "0.3", "--epochs", "1",
                "--batch", "4", "--backend", "java", "--out", dir.resolve("run").toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().startsWith("--test-split is ignored: " + split + " has train/ and test/, and test/ is the test "
                + "set\n"), run.out());
        assertTrue(run.out().contains(", 8 training and 4 test pictures"), run.out());
    }
}
