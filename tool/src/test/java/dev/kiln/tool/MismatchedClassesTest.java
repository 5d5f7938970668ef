package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Required;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26, items 1 and 9: a network whose outputs do not match the data's classes. A softmax
 * network with more units than the data has classes learns the classes present on its first units
 * and predicts only among them (said before the first step); more classes than units are refused
 * before the first step; {@code predict} names a subset checkpoint's classes; data whose classes
 * differ from the checkpoint's names is refused in one line instead of being answered with the
 * wrong names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MismatchedClassesTest {
    Path dir;
    Path data;
    Path cells;
    Path tenClasses;

    @BeforeAll
    void smallData(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Required.fashionMnist();
        data = SmallFashionMnist.write(Files.createDirectories(dir.resolve("data")), 240, 60);
        cells = dir.resolve("cells");
        assertEquals(0, ToolRun.of("make-cells", cells.toString(), "--count", "10").status());
        ToolRun ten = train(dir.resolve("ten"));
        assertEquals(0, ten.status(), ten.toString());
        tenClasses = dir.resolve("ten/best.safetensors");
    }

    ToolRun train(Path out, String... extra) {
        List<String> words = new ArrayList<>(List.of("train", "LeNet5", "--epochs", "1", "--max-steps", "2", "--batch", "16",
                "--backend", "java", "--data", data.toString(), "--out", out.toString()));
        words.addAll(List.of(extra));
        return ToolRun.of(words.toArray(String[]::new));
    }

    static ToolRun ok(ToolRun run) {
        assertEquals(0, run.status(), run.toString());
        return run;
    }

    static void refused(ToolRun run, String... parts) {
        assertEquals(1, run.status(), run.toString());
        assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
        for (String part : parts) {
            assertTrue(run.err().contains(part), run.err());
        }
    }

    @Test
    void aSubsetOfClassesIsLearnedOnTheFirstUnitsAndSaidSo() throws Exception {
        // was: ArrayIndexOutOfBoundsException: Index 9 out of bounds for length 2, from Evaluation.evaluate
        ToolRun run = ok(train(dir.resolve("dress-coat"), "--classes", "3,4"));
        assertTrue(run.out().contains("LeNet5 has 10 output units and fashion-mnist/train 2 classes [Dress, Coat]: it learns "
                + "them on units 0 to 1 and predicts only among them (units 2 to 9 stay unused)"), run.out());
        assertTrue(run.lastLine().startsWith("test accuracy: "), run.out());
        Path weights = dir.resolve("dress-coat/best.safetensors");

        // predict names the checkpoint's two classes (was "class 2" with --classes, a crash without)
        ToolRun predicted = ok(ToolRun.of("predict", "LeNet5", "--weights", weights.toString(), "--classes", "3,4", "--index",
                "0", "--data", data.toString(), "--backend", "java"));
        List<String> lines = predicted.lines();
        assertEquals(List.of("Coat", "Dress"), lines.subList(lines.size() - 2, lines.size()).stream()
                .map(l -> l.strip().split(" +")[0]).sorted().toList(), predicted.out());
        ToolRun picture = ok(ToolRun.of("predict", "LeNet5", "--weights", weights.toString(), "--image",
                cells.resolve("Uninfected/cell_00000.png").toString(), "--backend", "java", "--top", "5"));
        assertEquals(3, picture.lines().size(), "two classes, no others: " + picture.out());
        double sum = picture.lines().stream().skip(1).mapToDouble(l -> Double.parseDouble(l.strip().split(" +")[1])).sum();
        assertEquals(1.0, sum, 2e-4, "probabilities among the checkpoint's classes: " + picture.out());

        // eval on the checkpoint's classes works; on classes it never learned it is refused
        ToolRun evaluated = ok(ToolRun.of("eval", "LeNet5", "--weights", weights.toString(), "--classes", "3,4", "--data",
                data.toString(), "--backend", "java"));
        assertTrue(evaluated.out().contains("Dress ") && evaluated.out().contains("Coat "), evaluated.out());
        refused(ToolRun.of("eval", "LeNet5", "--weights", weights.toString(), "--data", data.toString(), "--backend", "java"),
                "kiln eval: ", "has the classes [T-shirt/top, Trouser, ", "but LeNet5 was trained on [Dress, Coat]");
    }

    @Test
    void aTwoClassFolderTrainsAndEvaluatesLeNet5() {
        // was: best.safetensors written, then a crash in TrainVerb; eval on the folder crashed in EvalVerb
        Path out = dir.resolve("cells-run");
        ToolRun run = ok(ToolRun.of("train", "LeNet5", "--data", cells.toString(), "--epochs", "1", "--batch", "4",
                "--backend", "java", "--out", out.toString()));
        assertTrue(run.out().contains("2 classes [Parasitized, Uninfected]: it learns them on units 0 to 1"), run.out());
        ToolRun evaluated = ok(ToolRun.of("eval", "LeNet5", "--weights", out.resolve("best.safetensors").toString(), "--data",
                cells.toString(), "--backend", "java"));
        assertTrue(evaluated.lastLine().startsWith("test accuracy: "), evaluated.out());
    }

    @Test
    void evalOfATenClassCheckpointOnTwoOfItsClasses() {
        // was: a crash in EvalVerb (kiln eval LeNet5 --classes 0,1)
        ToolRun run = ok(ToolRun.of("eval", "LeNet5", "--weights", tenClasses.toString(), "--classes", "0,1", "--data",
                data.toString(), "--backend", "java"));
        assertTrue(run.out().contains("T-shirt/top ") && run.out().contains("Trouser "), run.out());
        assertTrue(run.out().contains("actual           0      1  accuracy"), "a 2x2 matrix: " + run.out());
    }

    @Test
    void aFiveClassCheckpointPredictsAmongItsFiveOnTheWholeTestSet() {
        // the README's backbone: 5 of LeNet5's 10 units trained; was: Index 9 out of bounds for length 5
        Path out = dir.resolve("backbone");
        ok(train(out, "--classes", "0,1,2,3,4"));
        ToolRun run = ok(ToolRun.of("predict", "LeNet5", "--weights", out.resolve("best.safetensors").toString(), "--index",
                "0", "--data", data.toString(), "--backend", "java", "--top", "10"));
        assertTrue(run.out().contains("(labelled Ankle boot)"), run.out());
        assertEquals(6, run.lines().size(), "the five classes it knows: " + run.out());
        for (String name : List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat")) {
            assertTrue(run.out().contains("  " + name + " "), run.out());
        }
    }

    @Test
    void dataWhoseClassesDifferFromTheCheckpointsIsRefused() {
        // was: a malaria cell labelled "T-shirt/top"
        refused(ToolRun.of("predict", "LeNet5", "--weights", tenClasses.toString(), "--data", cells.toString(), "--index", "0",
                "--backend", "java"), "kiln predict: ", "has the classes [Parasitized, Uninfected], but LeNet5 was trained on "
                + "[T-shirt/top, Trouser, ");
        refused(ToolRun.of("predict", "LeNet5", "--weights", tenClasses.toString(), "--data", cells.toString(), "--image",
                cells.resolve("Parasitized/cell_00000.png").toString(), "--backend", "java"), "has the classes [Parasitized, ");
        refused(ToolRun.of("eval", "LeNet5", "--weights", tenClasses.toString(), "--data", cells.toString(), "--backend",
                "java"), "kiln eval: ", "has the classes [Parasitized, Uninfected]");
    }

    @Test
    void moreClassesThanOutputUnitsAreRefusedBeforeTheFirstStep() {
        Path out = dir.resolve("five-units");
        ToolRun run = ToolRun.of("train", "LeNet5FiveClasses", "--epochs", "1", "--max-steps", "1", "--backend", "java",
                "--data", data.toString(), "--out", out.toString());
        refused(run, "kiln train: LeNet5FiveClasses has 5 output units, but fashion-mnist/train has 10 classes [T-shirt/top, ",
                "keep 5 classes with --classes");
        assertTrue(!run.out().contains("epoch 1/1"), "refused before the first step: " + run.out());
        assertTrue(!Files.exists(out), "and nothing is left behind");
    }
}
