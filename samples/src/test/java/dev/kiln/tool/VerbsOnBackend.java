package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.viz.HeadlessChromium;
import dev.kiln.runtime.viz.PictureStats;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verb that runs a network, on every sample, on one backend: short training runs
 * ({@code --epochs 1 --max-steps 2}) on the first images of the real Fashion-MNIST, then eval,
 * predict, featuremaps and filters on the weights they wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VerbsOnBackend {
    static final Pattern TEST_ACCURACY = Pattern.compile("test accuracy: (0\\.\\d{4}|1\\.0000)");
    static final int RED_END = 0xB2182B;
    static final int BLUE_END = 0x2166AC;

    Path dir;
    Path data;
    Path lenet;
    ToolRun lenetRun;

    /** {@code java} or {@code opencl}. */
    abstract String backend();

    /** Skips (or fails, under CI) when the backend cannot run here. */
    void assumeBackend() {
    }

    @BeforeAll
    void trainLeNetBriefly(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        assumeBackend();
        boolean ci = "true".equals(System.getenv("CI"));
        if (!SmallFashionMnist.available()) {
            assertFalse(ci, "CI=true but Fashion-MNIST is missing: run scripts/setup.sh");
            assumeTrue(false, "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); skipping");
        }
        data = SmallFashionMnist.write(Files.createDirectories(dir.resolve("data")), 320, 64);
        lenet = dir.resolve("lenet");
        lenetRun = train("LeNet5", lenet, "--batch", "32");
    }

    ToolRun train(String spec, Path out, String... extra) {
        List<String> words = new ArrayList<>(List.of("train", spec, "--epochs", "1", "--max-steps", "2", "--out", out.toString(),
                "--data", data.toString(), "--backend", backend(), "--seed", "7"));
        words.addAll(Arrays.asList(extra));
        ToolRun run = ToolRun.of(words.toArray(String[]::new));
        assertEquals(0, run.status(), spec + ": " + run);
        return run;
    }

    ToolRun tool(String... words) {
        List<String> all = new ArrayList<>(Arrays.asList(words));
        all.addAll(List.of("--backend", backend()));
        ToolRun run = ToolRun.of(all.toArray(String[]::new));
        assertEquals(0, run.status(), String.join(" ", words) + ": " + run);
        return run;
    }

    static BufferedImage picture(Path png) throws Exception {
        assertTrue(Files.isRegularFile(png), png + " written");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is a PNG");
        assertTrue(PictureStats.variance(image) > 50, png + " is not blank: variance " + PictureStats.variance(image));
        return image;
    }

    @Test
    void trainWritesWeightsHistoryAndAReportAndEndsWithTheTestAccuracy() throws Exception {
        assertTrue(TEST_ACCURACY.matcher(lenetRun.lastLine()).matches(), lenetRun.out());
        assertTrue(Files.size(lenet.resolve("best.safetensors")) > 61_706 * 4, "all 61,706 floats saved");
        List<String> history = Files.readAllLines(lenet.resolve("history.csv"));
        assertEquals(2, history.size(), "header and one epoch: " + history);
        String html = Files.readString(lenet.resolve("report.html"));
        assertTrue(html.contains("Total params: 61,706"), "the summary is in the report");
        assertTrue(html.contains(lenetRun.lastLine().substring("test accuracy: ".length())), "the headline figure");
        for (String png : List.of("curves.png", "steps.png", "confusion.png", "class-accuracy.png", "filters-c1.png")) {
            picture(lenet.resolve(png));
        }
    }

    @Test
    void theReportRendersInHeadlessChromium() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (HeadlessChromium.binary() == null) {
            assertFalse(ci, "CI=true but chromium is missing: run scripts/setup.sh");
            assumeTrue(false, "chromium is not installed; skipping the browser check of report.html");
        }
        Path shot = HeadlessChromium.screenshot(lenet.resolve("report.html"), Files.createDirectories(dir.resolve("browser")));
        BufferedImage image = ImageIO.read(shot.toFile());
        assertEquals(1200, image.getWidth());
        assertTrue(PictureStats.variance(image) > 100, "variance " + PictureStats.variance(image));
        assertTrue(PictureStats.count(image, 0x1F4E79) > 1000, "the styled result boxes are visible");
    }

    @Test
    void evalPrintsTheConfusionMatrixAndTheSameAccuracyAsTrain() throws Exception {
        Path png = dir.resolve("eval-confusion.png");
        ToolRun run = tool("eval", "LeNet5", "--weights", lenet.resolve("best.safetensors").toString(), "--data", data.toString(),
                "--confusion", png.toString());
        assertEquals(lenetRun.lastLine(), run.lastLine(), "eval of the saved weights gives train's figure");
        assertTrue(run.out().contains("Ankle boot"), run.out());
        assertTrue(run.out().contains("(64 images)"), run.out());
        picture(png);
    }

    @Test
    void predictGivesTheSameAnswerForATestImageAndForItsPng() throws Exception {
        String weights = lenet.resolve("best.safetensors").toString();
        ToolRun byIndex = tool("predict", "LeNet5", "--weights", weights, "--index", "0", "--data", data.toString());
        assertEquals("LeNet5 on image 0 of fashion-mnist/test (labelled Ankle boot):", byIndex.lines().get(byIndex.lines().size() - 4),
                byIndex.out());
        List<String> top = byIndex.lines().subList(byIndex.lines().size() - 3, byIndex.lines().size());
        double sum = 0;
        for (String line : top) {
            assertTrue(line.matches("  \\S.* +[01]\\.\\d{4}"), line);
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertTrue(sum <= 1.0005, "probabilities of the top three add up to at most 1: " + sum);

        // the same image as an 8-bit grey PNG: its pixels are k/255, as the IDX file's, so the answer is identical
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        byte[] raw = new byte[784];
        try (var in = Files.newInputStream(data.resolve("t10k-images-idx3-ubyte"))) {
            in.skipNBytes(16);
            in.readNBytes(raw, 0, 784);
        }
        grey.getRaster().setDataElements(0, 0, 28, 28, raw);
        Path png = dir.resolve("boot.png");
        ImageIO.write(grey, "png", png.toFile());
        ToolRun byFile = tool("predict", "LeNet5", "--weights", weights, "--image", png.toString(), "--data", data.toString());
        assertEquals(top, byFile.lines().subList(byFile.lines().size() - 3, byFile.lines().size()), byFile.out());
    }

    @Test
    void featureMapsDrawEveryChannelOfAConvAndEveryUnitOfADenseLayer() throws Exception {
        String weights = lenet.resolve("best.safetensors").toString();
        Path c1 = dir.resolve("c1.png");
        ToolRun run = tool("featuremaps", "LeNet5", "--weights", weights, "--layer", "c1", "--index", "3", "--out", c1.toString(),
                "--data", data.toString());
        assertTrue(run.lastLine().startsWith("wrote " + c1 + ": 6 channels of 28x28 from c1 (Conv2d) for test image 3"), run.out());
        BufferedImage grid = picture(c1);
        assertTrue(grid.getWidth() >= 7 * 28 * 3, "the input and six tiles of at least 3x enlarged 28x28 maps side by side");
        Path f6 = dir.resolve("f6.png");
        ToolRun dense = tool("featuremaps", "LeNet5", "--weights", weights, "--layer", "f6", "--out", f6.toString(),
                "--data", data.toString());
        assertTrue(dense.lastLine().contains("84 units from f6 (Dense)"), dense.out());
        picture(f6);
    }

    @Test
    void filtersDrawAConvLayersKernelsOnASymmetricScale() throws Exception {
        Path png = dir.resolve("c3.png");
        // filters reads weights only and runs no network, so it takes no --backend
        ToolRun run = ToolRun.of("filters", "LeNet5", "--weights", lenet.resolve("best.safetensors").toString(), "--layer", "c3",
                "--out", png.toString());
        assertEquals(0, run.status(), run.toString());
        assertEquals("wrote " + png + ": 16 filters x 6 input channels of 5x5 from c3", run.lastLine());
        BufferedImage image = picture(png);
        // the largest |weight| sits at one end of the scale, so that end's colour fills at least one kernel cell
        long ends = PictureStats.count(image, RED_END) + PictureStats.count(image, BLUE_END);
        assertTrue(ends > 30, "a full-scale cell: " + ends + " pixels");
        ToolRun pool = ToolRun.of("filters", "LeNet5", "--weights", lenet.resolve("best.safetensors").toString(), "--layer", "s2");
        assertEquals(1, pool.status());
        assertEquals("kiln filters: --layer s2 is a MaxPool2d layer; filters are drawn for conv layers: [c1, c3, c5]",
                pool.err().strip());
    }

    @Test
    void weightsOfAnotherNetworkAreRefused() {
        ToolRun run = ToolRun.of("eval", "FashionCnn", "--weights", lenet.resolve("best.safetensors").toString(), "--data",
                data.toString(), "--backend", backend());
        assertEquals(1, run.status(), run.toString());
        assertTrue(run.err().startsWith("kiln eval: "), run.err());
    }

    @Test
    void fashionCnnTrains() {
        ToolRun run = train("FashionCnn", dir.resolve("fashion"), "--batch", "16");
        assertTrue(TEST_ACCURACY.matcher(run.lastLine()).matches(), run.out());
    }

    @Test
    void theFootwearClassifierTrainsWithBinaryCrossEntropy() throws Exception {
        Path out = dir.resolve("footwear");
        ToolRun run = train("FootwearClassifier", out, "--batch", "32");
        assertTrue(TEST_ACCURACY.matcher(run.lastLine()).matches(), run.out());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("footwear"), "two classes, named");
        ToolRun predict = tool("predict", "FootwearClassifier", "--weights", out.resolve("best.safetensors").toString(),
                "--index", "0", "--data", data.toString(), "--top", "2");
        List<String> lines = predict.lines();
        double p1 = Double.parseDouble(lines.get(lines.size() - 1).replaceAll(".* ", ""));
        double p2 = Double.parseDouble(lines.get(lines.size() - 2).replaceAll(".* ", ""));
        assertEquals(1.0, p1 + p2, 2e-4, "p and 1 - p");
        assertTrue(predict.out().contains("(labelled footwear)"), "an ankle boot is footwear: " + predict.out());
    }

    @Test
    void theEdgeDetectorPrintsItsLearnedKernel() throws Exception {
        Path out = dir.resolve("edge");
        ToolRun run = train("EdgeDetector", out);
        List<String> lines = run.lines();
        int at = lines.indexOf("learned kernel edge.weight:");
        assertTrue(at >= 0, run.out());
        for (int row = 1; row <= 3; row++) {
            assertTrue(lines.get(at + row).matches("( +-?\\d+\\.\\d{3}){3}"), lines.get(at + row));
        }
        assertTrue(lines.get(at + 4).startsWith("largest difference from the edge kernel [[-1,-1,-1],[0,0,0],[1,1,1]]: "));
        assertTrue(run.lastLine().startsWith("test loss: "), run.out());
        assertTrue(run.out().contains("sgd lr 0.1"), "the course's optimiser and rate by default: " + run.out());
        picture(out.resolve("filters-edge.png"));
        Path maps = dir.resolve("edge-maps.png");
        tool("featuremaps", "EdgeDetector", "--weights", out.resolve("best.safetensors").toString(), "--layer", "edge",
                "--out", maps.toString(), "--data", data.toString());
        picture(maps);
    }

    @Test
    void theRgbSampleTrainsOnColouredShapesAndShowsColourFilters() throws Exception {
        Path out = dir.resolve("rgb");
        ToolRun run = train("ColourShapes", out, "--batch", "32");
        assertTrue(TEST_ACCURACY.matcher(run.lastLine()).matches(), run.out());
        BufferedImage filters = picture(out.resolve("filters-c1.png"));
        assertNotNull(filters);
        Path maps = dir.resolve("rgb-maps.png");
        ToolRun fm = tool("featuremaps", "ColourShapes", "--weights", out.resolve("best.safetensors").toString(), "--layer", "c1",
                "--index", "5", "--out", maps.toString());
        assertTrue(fm.lastLine().contains("8 channels of 32x32 from c1"), fm.out());
        picture(maps);
    }
}
