package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.Prediction;
import dev.kiln.runtime.TrainedModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26, item 11: {@link TrainedModel} carries a checkpoint's class names, resize mode and
 * normalisation; a checkpoint naming fewer classes than the network has units (item 1) predicts
 * among its classes only; data of other classes is refused (item 9).
 */
class TrainedModelTest {
    /** Three logits, of which a two-class checkpoint trains the first two. */
    static final NetworkSpec THREE_UNITS = SpecBuilder.of("t.ThreeUnits", 1, 4, 4, Loss.SOFTMAX_CROSS_ENTROPY)
            .conv("c1", 2, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU,
                    Init.DEFAULT)
            .flatten("flat")
            .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
            .build();

    private static Path checkpoint(Path dir, List<String> names) {
        Path file = dir.resolve("best.safetensors");
        Checkpoints.save(file, THREE_UNITS, Initializers.initialize(THREE_UNITS, 4), Map.of(Checkpoints.CLASSES_KEY,
                Checkpoints.encodeNames(names), Dataset.METADATA_RESIZE, "pad", Dataset.METADATA_NORMALIZE, "0.5,0.25"));
        return file;
    }

    private static TrainedModel open(Path file) {
        return TrainedModel.on(new ReferenceBackend(THREE_UNITS, TrainedModel.forInference()),
                Checkpoints.loadAll(file, THREE_UNITS), Checkpoints.metadata(file));
    }

    /** The three logits of {@code image}, from a backend of its own. */
    private static float[] logits(Path file, float[] image) {
        try (ReferenceBackend b = new ReferenceBackend(THREE_UNITS, TrainedModel.forInference())) {
            b.setParameters(Checkpoints.load(file, THREE_UNITS));
            float[] out = new float[3];
            b.plan(1);
            b.predict(image, 1, out);
            return out;
        }
    }

    @Test
    void itCarriesTheCheckpointsNamesResizeAndNormalisation(@TempDir Path dir) {
        try (TrainedModel model = open(checkpoint(dir, List.of("left", "right", "up")))) {
            assertEquals(List.of("left", "right", "up"), model.classNames());
            assertEquals(Resize.PAD, model.resize());
            assertEquals(Normalization.parse("0.5,0.25"), model.normalization());
            TrainedModel other = model.withPreprocessing(Resize.CROP, null);
            assertEquals(Resize.CROP, other.resize());
            assertEquals(model.normalization(), other.normalization());
        }
    }

    @Test
    void twoNamedClassesOfThreeUnitsArePredictedAmongThemselves(@TempDir Path dir) {
        Path file = checkpoint(dir, List.of("left", "right"));
        float[] image = Synthetic.leftRight("x", 1, 3, false).image(0);
        float[] z = logits(file, image);
        // by hand: the softmax of the first two logits only, p(right) = 1 / (1 + e^(z0 - z1))
        double right = 1 / (1 + Math.exp((double) z[0] - z[1]));
        try (TrainedModel model = open(file)) {
            Prediction p = model.predict(image);
            assertEquals(List.of("left", "right"), p.classNames());
            assertArrayEquals(new double[] {1 - right, right}, p.probabilities(), 1e-6);
        }
    }

    @Test
    void evaluationCountsAmongTheNamedClassesAndRefusesOthers(@TempDir Path dir) {
        Path file = checkpoint(dir, List.of("left", "right"));
        Dataset data = Synthetic.leftRight("lr", 40, 9, false);
        long right = 0;
        for (int i = 0; i < data.size(); i++) {
            float[] z = logits(file, data.image(i));
            if ((z[1] > z[0] ? 1 : 0) == data.labels()[i]) {
                right++; // the third unit never counts: it stands for no class of the data
            }
        }
        try (TrainedModel model = open(file)) {
            Evaluation e = model.evaluate(data);
            assertEquals((double) right / data.size(), e.accuracy(), 1e-12);
            assertEquals(2, e.confusion().length);

            Dataset renamed = data.withClassNames(List.of("right", "left"));
            KilnException other = assertThrows(KilnException.class, () -> model.evaluate(renamed));
            assertEquals("lr has the classes [right, left], but ThreeUnits was trained on [left, right] (its checkpoint's "
                    + "names); use data of those classes, in that order", other.getMessage());
            model.checkClasses(List.of("left"), "one class", true);
            KilnException more = assertThrows(KilnException.class,
                    () -> model.checkClasses(List.of("left", "right", "up"), "three", true));
            assertTrue(more.getMessage().contains("was trained on 2 classes [left, right], but three has 3"), more.getMessage());
            model.checkClasses(List.of("left", "right", "up"), "three", false); // to look at one image, more may be there
        }
    }

    @Test
    void featureMapsAreTheLayersOutput(@TempDir Path dir) {
        Path file = checkpoint(dir, List.of("left", "right", "up"));
        float[] image = Synthetic.leftRight("x", 1, 5, false).image(0);
        try (TrainedModel model = open(file);
             ReferenceBackend b = new ReferenceBackend(THREE_UNITS, TrainedModel.forInference())) {
            b.setParameters(Checkpoints.load(file, THREE_UNITS));
            float[] expected = new float[2 * 2 * 2];
            b.plan(1);
            b.layerOutput(0, image, 1, expected);
            assertArrayEquals(expected, model.featureMaps("c1", image));
            KilnException unknown = assertThrows(KilnException.class, () -> model.featureMaps("c9", image));
            assertTrue(unknown.getMessage().contains("c9"), unknown.getMessage());
        }
    }
}
