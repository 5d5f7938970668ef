package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden counts of the graph samples against independent sources: torchvision's parameter counts
 * of VGG-16, ResNet-18 and ResNet-50 (Keras' convention for batch norm: weight and bias trainable, the running
 * statistics not), and FashionResNet's hand count in scripts/fixtures/FASHIONRESNET.md.
 */
class GraphSamplesTest {

    private static KilnModel model(String name) {
        return Models.find("dev.kiln.samples." + name);
    }

    @Test
    void vgg16HasTorchvisionsParameterCount() {
        KilnModel vgg = model("Vgg16");
        NetworkSpec spec = vgg.spec();
        assertEquals(138_357_544, spec.parameterCount());
        assertEquals(0, spec.nonTrainableCount());
        assertEquals(Shape.of(512, 7, 7), spec.layer("pool5").output());
        assertTrue(spec.isChain());
        String summary = vgg.summary();
        assertTrue(summary.contains("Total params: 138,357,544\nTrainable params: 138,357,544\nNon-trainable params: 0\n"), summary);
        assertFalse(summary.contains("Connected to"), "a chain has no Connected to column");
    }

    @Test
    void resNet18HasTorchvisionsCounts() {
        KilnModel resnet = model("ResNet18");
        NetworkSpec spec = resnet.spec();
        assertEquals(11_689_512, spec.parameterCount());
        assertEquals(9_600, spec.nonTrainableCount());
        assertEquals(Shape.of(512, 7, 7), spec.layer("layer4_1_out").output());
        assertEquals(List.of("layer2_0_bn2", "layer2_0_downsample1"), spec.layer("layer2_0_out").inputs());
        String summary = resnet.summary();
        assertTrue(summary.contains("Total params: 11,699,112\nTrainable params: 11,689,512\nNon-trainable params: 9,600\n"),
                summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("layer2_0_out (Add)") && l.endsWith("layer2_0_bn2, layer2_0_downsample1")),
                summary);
    }

    @Test
    void resNet50HasTorchvisionsCounts() {
        KilnModel resnet = model("ResNet50");
        NetworkSpec spec = resnet.spec();
        // torchvision 0.28: sum(p.numel() for p in resnet50().parameters()), and 2 x the batch norms' features
        assertEquals(25_557_032, spec.parameterCount());
        assertEquals(53_120, spec.nonTrainableCount());
        assertEquals(Shape.of(2048, 7, 7), spec.layer("layer4_2_out").output());
        assertEquals(Shape.of(512, 28, 28), spec.layer("layer2_0_out").output());
        assertEquals(List.of("layer3_0_bn3", "layer3_0_downsample1"), spec.layer("layer3_0_out").inputs());
        assertEquals(List.of("layer3_1_bn3", "layer3_0_out"), spec.layer("layer3_1_out").inputs());
        String summary = resnet.summary();
        assertTrue(summary.contains("Total params: 25,610,152\nTrainable params: 25,557,032\nNon-trainable params: 53,120\n"),
                summary);
    }

    @Test
    void fashionResNetMatchesItsRecipesHandCount() {
        NetworkSpec spec = model("FashionResNet").spec();
        assertEquals(77_290, spec.parameterCount());
        assertEquals(576, spec.nonTrainableCount());
        assertEquals(6_696_064, spec.multiplies());
        String summary = model("FashionResNet").summary();
        assertTrue(summary.contains("Connected to"), summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("s1 (Add)") && l.endsWith("s1n2, pool")), summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("stemBn (BatchNorm)") && l.contains(" 128 ")), summary);
    }

    /**
     * The README's residual-block section shows {@code ./kiln summary FashionResNet}: every line of
     * the model's summary is there, in order and unchanged (the launch counts after them come from
     * the OpenCL program and are the tool's, not the summary's).
     */
    @Test
    void theReadmesFashionResNetSummaryIsTheModels() throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Path.of("").toAbsolutePath();
        java.nio.file.Path readme = root.resolve("README.md");
        if (!java.nio.file.Files.exists(readme)) {
            readme = root.getParent().resolve("README.md"); // run from the samples module
        }
        String text = java.nio.file.Files.readString(readme);
        String marker = "$ ./kiln summary FashionResNet\n";
        int start = text.indexOf(marker);
        assertTrue(start >= 0, "the README shows ./kiln summary FashionResNet");
        String block = text.substring(start + marker.length(), text.indexOf("```", start));
        List<String> shown = block.lines().map(String::stripTrailing).toList();
        List<String> actual = model("FashionResNet").summary().lines().map(String::stripTrailing).toList();
        int at = shown.indexOf(actual.get(0));
        assertTrue(at >= 0, "the README's summary starts with '" + actual.get(0) + "':\n" + block);
        assertEquals(actual, shown.subList(at, Math.min(shown.size(), at + actual.size())),
                "README.md's FashionResNet summary is not the model's");
    }

    /**
     * FashionResNet's inference peak by hand: the stem's output and its batch norm's (32 x 28 x 28 each) are held at once,
     * 50,176 floats; from the pool on at most a 14x14 tensor, the block's input, the sum's other operand and an output.
     * Every output kept: the input 784, two 25,088, six 6,272, seven 3,136, 64 and 10 = 110,618 floats.
     */
    @Test
    void fashionResNetInferencePeakByHand() {
        dev.kiln.runtime.MemoryEstimate.Inference e = dev.kiln.runtime.MemoryEstimate.inference(model("FashionResNet").spec(), 1);
        assertEquals(50_176 * 4, e.peakBytesPerImage());
        assertEquals(110_618 * 4, e.allBytesPerImage());
    }

    @Test
    void inceptionJoinsFourBranchesAlongChannels() {
        NetworkSpec spec = model("InceptionNet").spec();
        assertEquals(List.of("b1x1", "b3x3", "b5x5", "bpoolProj"), spec.layer("mixed").inputs());
        assertEquals(Shape.of(8 + 12 + 6 + 6, 14, 14), spec.layer("mixed").output());
    }
}
