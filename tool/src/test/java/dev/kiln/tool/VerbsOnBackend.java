package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.Required;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.viz.HeadlessChromium;
import dev.kiln.runtime.viz.PictureStats;
import dev.kiln.samples.Recipe;
import dev.kiln.spec.NetworkSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every verb that runs a network, on every sample, on one backend: short training runs (a few
 * hundred steps on Java, fewer on OpenCL, whose PoCL runs are 7 to 13 times slower) on the first
 * images of the real Fashion-MNIST, each of which must learn (a test accuracy well above chance,
 * or the edge kernel approached), then eval, predict, featuremaps and filters on the weights they
 * wrote, eval's and predict's figures checked against the double-precision reference backend on
 * the same weights and images.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VerbsOnBackend {
    static final Pattern TEST_ACCURACY = Pattern.compile("test accuracy: (0\\.\\d{4}|1\\.0000)");
    /** Training images of the short runs (the most any run takes, plus the 5% held out) and test images. */
    static final int TRAIN_IMAGES = 10_000;
    static final int TEST_IMAGES = 500;
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

    /** Steps of sample {@code name}'s short run on this backend, per epoch (ColourShapes' 2,850 training images make 90 steps of 32). */
    abstract int steps(String name);

    /** Epochs of sample {@code name}'s short run on this backend. */
    int epochs(String name) {
        return 1;
    }

    /**
     * The test accuracy sample {@code name} must reach after its short run on this backend, or for
     * EdgeDetector the largest distance its learned kernel may keep from the edge kernel.
     */
    abstract double bar(String name);

    @BeforeAll
    void trainLeNetBriefly(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        assumeBackend();
        Required.that(SmallFashionMnist.available(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        data = SmallFashionMnist.write(Files.createDirectories(dir.resolve("data")), TRAIN_IMAGES, TEST_IMAGES);
        lenet = dir.resolve("lenet");
        lenetRun = train("LeNet5", lenet, "--batch", "32");
    }

    ToolRun train(String spec, Path out, String... extra) {
        List<String> words = new ArrayList<>(List.of("train", spec, "--epochs", String.valueOf(epochs(spec)),
                "--max-steps", String.valueOf(steps(spec)),
                "--out", out.toString(), "--data", data.toString(), "--backend", backend(), "--seed", "7"));
        if (!spec.equals("EdgeDetector")) {
            words.addAll(List.of("--validation", "0.05"));
        }
        words.addAll(Arrays.asList(extra));
        ToolRun run = ToolRun.of(words.toArray(String[]::new));
        assertEquals(0, run.status(), spec + ": " + run);
        if (!spec.equals("EdgeDetector")) {
            assertTrue(TEST_ACCURACY.matcher(run.lastLine()).matches(), run.out());
            double accuracy = Double.parseDouble(run.lastLine().substring("test accuracy: ".length()));
            System.out.printf(Locale.ROOT, "%s on %s after %d epoch(s) of at most %d steps: test accuracy %.4f (bar %.2f)%n", spec,
                    backend(), epochs(spec), steps(spec), accuracy, bar(spec));
            assertTrue(accuracy >= bar(spec), spec + " on " + backend() + " did not learn: test accuracy " + accuracy
                    + " after " + epochs(spec) + " epoch(s) of at most " + steps(spec) + " steps, the bar is " + bar(spec) + "\n"
                    + run.out());
        }
        return run;
    }

    /**
     * The model and the weights a run wrote, on the double-precision reference backend: the
     * parameters and the running statistics (batch normalisation evaluates with them).
     */
    static ReferenceBackend reference(String name, Path weights) {
        KilnModel model = Models.find(name);
        ReferenceBackend ref = new ReferenceBackend(model.spec(), OptimizerConfig.sgd().build());
        Checkpoints.Loaded loaded = Checkpoints.loadAll(weights, model.spec());
        ref.setParameters(loaded.params());
        ref.setState(loaded.state());
        return ref;
    }

    /**
     * {@code eval}'s loss and accuracy against the reference backend's on the same weights and test
     * images: the loss to its printed 4 decimals (and float's rounding), the accuracy to one image
     * (a float and a double forward may order a near tie differently).
     */
    void checkEvalAgainstTheReference(String name, Path weights, ToolRun eval) {
        KilnModel model = Models.find(name);
        Recipe work = Recipe.of(model.spec());
        Dataset test = work.test(data);
        Evaluation expected;
        try (ReferenceBackend ref = reference(name, weights)) {
            expected = Evaluation.evaluate(ref, test, work.task());
        }
        List<String> lines = eval.lines();
        double loss = Double.parseDouble(lines.get(lines.size() - 2).replace("test loss: ", ""));
        double accuracy = Double.parseDouble(lines.get(lines.size() - 1).replace("test accuracy: ", ""));
        assertEquals(expected.loss(), loss, 5e-5 + 1e-4 * expected.loss(), name + ": eval's test loss against the reference's");
        assertEquals(expected.accuracy(), accuracy, 1.0 / test.size() + 5e-5, name + ": eval's test accuracy against the reference's");
    }

    /**
     * {@code predict --index 0}'s top classes and probabilities against the reference backend's
     * outputs for the same image and weights, turned into probabilities here (softmax of logits,
     * {1 - p, p} of one sigmoid unit): the same names in the same order, each probability to its
     * printed 4 decimals.
     */
    void checkPredictAgainstTheReference(String name, Path weights, ToolRun predict, int top) {
        KilnModel model = Models.find(name);
        NetworkSpec spec = model.spec();
        Recipe work = Recipe.of(spec);
        Dataset test = work.test(data);
        List<String> names = work.task().classNames(test);
        float[] image = Arrays.copyOf(test.images(), spec.input().intSize());
        float[] out = new float[spec.output().intSize()];
        try (ReferenceBackend ref = reference(name, weights)) {
            ref.predict(image, 1, out);
        }
        double[] p;
        Activation last = spec.layers().get(spec.layers().size() - 1).activation();
        if (spec.loss() == Loss.BINARY_CROSS_ENTROPY) {
            double q = last == Activation.SIGMOID ? out[0] : 1 / (1 + Math.exp(-out[0]));
            p = new double[] {1 - q, q};
        } else if (last == Activation.SOFTMAX) {
            p = new double[out.length];
            for (int i = 0; i < out.length; i++) {
                p[i] = out[i];
            }
        } else {
            p = new double[out.length];
            double sum = 0;
            for (int i = 0; i < out.length; i++) {
                p[i] = Math.exp(out[i]);
                sum += p[i];
            }
            for (int i = 0; i < out.length; i++) {
                p[i] /= sum;
            }
        }
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double[] probs = p;
        Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
        List<String> lines = predict.lines();
        List<String> shown = lines.subList(lines.size() - top, lines.size());
        for (int k = 0; k < top; k++) {
            String line = shown.get(k).strip();
            String label = line.substring(0, line.lastIndexOf(' ')).strip();
            double printed = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            assertEquals(names.get(order[k]), label, name + ": class " + (k + 1) + " of predict's top " + top + "\n" + predict.out());
            assertEquals(p[order[k]], printed, 5e-5 + 1e-5, name + ": probability of " + label + "\n" + predict.out());
        }
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
        assertTrue(TEST_ACCURACY.matcher(lenetRun.lastLine()).matches(), lenetRun.out()); // and learned: see train()
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
        Required.that(HeadlessChromium.binary() != null, "chromium is not installed (apt-get install chromium)");
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
        assertTrue(run.out().contains("(" + TEST_IMAGES + " images)"), run.out());
        picture(png);
        checkEvalAgainstTheReference("LeNet5", lenet.resolve("best.safetensors"), run);
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
        checkPredictAgainstTheReference("LeNet5", lenet.resolve("best.safetensors"), byIndex, 3);

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
    void fashionCnnLearns() {
        Path out = dir.resolve("fashion");
        train("FashionCnn", out, "--batch", "16");
        Path weights = out.resolve("best.safetensors");
        ToolRun predict = tool("predict", "FashionCnn", "--weights", weights.toString(), "--index", "0", "--data", data.toString());
        checkPredictAgainstTheReference("FashionCnn", weights, predict, 3);
    }

    /**
     * The graph samples learn too: FashionResNet (residual adds, batch normalisation),
     * InceptionNet (parallel branches joined by a concat) and FashionMobileNet (issue 23's families: depthwise
     * convs, ReLU6, squeeze-and-excitation products with a hard-sigmoid gate, hard swish), each with its
     * {@code predict} checked against the reference backend on the weights it wrote.
     */
    /**
     * The graph samples' short runs use Adam at a constant 0.003 (3x Adam's default, so that a few
     * dozen steps learn), named in full: the batch-norm networks' default recipe (SGD, Nesterov,
     * lr 0.1 on a cosine schedule over 12 epochs) is meant for full runs.
     */
    static final String[] GRAPH_SAMPLE_OPTIMISER = {"--optimizer", "adam", "--lr", "0.003", "--schedule", "constant"};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FashionResNet", "InceptionNet", "FashionMobileNet"})
    void theGraphSamplesLearn(String name) {
        Path out = dir.resolve(name);
        List<String> options = new ArrayList<>(List.of("--batch", "16"));
        options.addAll(List.of(GRAPH_SAMPLE_OPTIMISER));
        train(name, out, options.toArray(String[]::new));
        Path weights = out.resolve("best.safetensors");
        ToolRun predict = tool("predict", name, "--weights", weights.toString(), "--index", "0", "--data", data.toString());
        checkPredictAgainstTheReference(name, weights, predict, 3);
    }

    @Test
    void theFootwearClassifierTrainsWithBinaryCrossEntropy() throws Exception {
        Path out = dir.resolve("footwear");
        train("FootwearClassifier", out, "--batch", "32");
        Path weights = out.resolve("best.safetensors");
        ToolRun eval = tool("eval", "FootwearClassifier", "--weights", weights.toString(), "--data", data.toString());
        checkEvalAgainstTheReference("FootwearClassifier", weights, eval);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("footwear"), "two classes, named");
        ToolRun predict = tool("predict", "FootwearClassifier", "--weights", out.resolve("best.safetensors").toString(),
                "--index", "0", "--data", data.toString(), "--top", "2");
        List<String> lines = predict.lines();
        double p1 = Double.parseDouble(lines.get(lines.size() - 1).replaceAll(".* ", ""));
        double p2 = Double.parseDouble(lines.get(lines.size() - 2).replaceAll(".* ", ""));
        assertEquals(1.0, p1 + p2, 2e-4, "p and 1 - p");
        assertTrue(predict.out().contains("(labelled footwear)"), "an ankle boot is footwear: " + predict.out());
        checkPredictAgainstTheReference("FootwearClassifier", weights, predict, 2);
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
        String prefix = "largest difference from the edge kernel [[-1,-1,-1],[0,0,0],[1,1,1]]: ";
        assertTrue(lines.get(at + 4).startsWith(prefix), run.out());
        double distance = Double.parseDouble(lines.get(at + 4).substring(prefix.length()));
        System.out.printf(Locale.ROOT, "EdgeDetector on %s after %d steps: largest difference %.4f (bar %.2f)%n", backend(),
                steps("EdgeDetector"), distance, bar("EdgeDetector"));
        assertTrue(distance <= bar("EdgeDetector"), "EdgeDetector on " + backend() + " did not learn: its kernel is still "
                + distance + " from the edge kernel after " + steps("EdgeDetector") + " steps (bar " + bar("EdgeDetector") + ")\n"
                + run.out());
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
        train("ColourShapes", out, "--batch", "32");
        Path weights = out.resolve("best.safetensors");
        ToolRun predict = tool("predict", "ColourShapes", "--weights", weights.toString(), "--index", "0");
        checkPredictAgainstTheReference("ColourShapes", weights, predict, 3);
        BufferedImage filters = picture(out.resolve("filters-c1.png"));
        assertNotNull(filters);
        Path maps = dir.resolve("rgb-maps.png");
        ToolRun fm = tool("featuremaps", "ColourShapes", "--weights", out.resolve("best.safetensors").toString(), "--layer", "c1",
                "--index", "5", "--out", maps.toString());
        assertTrue(fm.lastLine().contains("8 channels of 32x32 from c1"), fm.out());
        picture(maps);
    }
}
