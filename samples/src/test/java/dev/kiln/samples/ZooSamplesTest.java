package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Models;
import dev.kiln.spec.LayerKind;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden counts of issue 23's zoo samples against torchvision 0.28's own models (an independent source: the
 * counts are {@code sum(p.numel() for p in m.parameters())} and the running means and variances of
 * {@code m.named_buffers()}, as scripts/samples/torchvision_samples.py prints them; issue 23's table), in Keras'
 * convention: batch-norm scale and shift trainable, the running statistics not. Each network reads 3x224x224 and
 * scores 1,000 classes.
 */
class ZooSamplesTest {

    @ParameterizedTest(name = "{0}: {1} trainable, {2} non-trainable, {3} convs, {4} concats")
    @CsvSource({
        "ResNet50, 25557032, 53120, 53, 0",
        "MobileNetV2, 3504872, 34112, 52, 0",
        "MobileNetV3Small, 2542856, 12112, 52, 0",
        "EfficientNetB0, 5288548, 42016, 81, 0",
        "DenseNet121, 7978856, 83648, 120, 58",
        "GoogLeNet, 6624904, 14560, 57, 9",
        "SqueezeNet11, 1235496, 0, 26, 8",
        "ShuffleNetV2, 2278604, 16180, 56, 16"})
    void torchvisionsCounts(String name, long trainable, long nonTrainable, int convs, int concats) {
        var model = Models.find("dev.kiln.samples." + name);
        NetworkSpec spec = model.spec();
        assertEquals(trainable, spec.parameterCount(), name + " trainable");
        assertEquals(nonTrainable, spec.nonTrainableCount(), name + " non-trainable");
        assertEquals(Shape.of(3, 224, 224), spec.input());
        assertEquals(Shape.vector(1000), spec.output());
        assertEquals(convs, count(spec, LayerKind.CONV2D), name + " convolutions");
        assertEquals(concats, count(spec, LayerKind.CONCAT), name + " concatenations");
        String summary = model.summary();
        String totals = String.format("Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n",
                trainable + nonTrainable, trainable, nonTrainable).replace(System.lineSeparator(), "\n");
        assertTrue(summary.contains(totals), summary.lines().skip(Math.max(0, summary.lines().count() - 6))
                .reduce("", (a, b) -> a + b + "\n"));
    }

    private static long count(NetworkSpec spec, LayerKind kind) {
        return spec.layers().stream().map(Op::kind).filter(kind::equals).count();
    }
}
