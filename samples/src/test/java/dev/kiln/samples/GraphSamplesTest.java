package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Golden counts of the graph samples against independent sources: torchvision's parameter counts
 * of VGG-16, ResNet-18, ResNet-50 and issue 23's zoo (Keras' convention for batch norm: weight and bias trainable,
 * the running statistics not) with shapes from torchvision's modules, and FashionResNet's hand count in
 * scripts/fixtures/FASHIONRESNET.md.
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

    /**
     * The summary's totals, as {@code ./kiln summary NAME} prints them: {@code trainable} and {@code nonTrainable} are
     * torchvision 0.28's {@code sum(p.numel() for p in m.parameters())} and the batch norms' running means and
     * variances (issue 23's table).
     */
    private static void assertTorchvisionsCounts(String name, long trainable, long nonTrainable) {
        KilnModel model = model(name);
        NetworkSpec spec = model.spec();
        assertEquals(trainable, spec.parameterCount(), name + " trainable");
        assertEquals(nonTrainable, spec.nonTrainableCount(), name + " non-trainable");
        assertEquals(Shape.of(3, 224, 224), spec.input());
        assertEquals(Shape.vector(1000), spec.output());
        String totals = String.format(Locale.ROOT, "Total params: %,d\nTrainable params: %,d\nNon-trainable params: %,d\n",
                trainable + nonTrainable, trainable, nonTrainable);
        String summary = model.summary();
        assertTrue(summary.contains(totals), summary.substring(Math.max(0, summary.length() - 300)));
    }

    // The shapes below are torchvision's: forward hooks on its modules with a (1, 3, 224, 224) input.

    @Test
    void mobileNetV2HasTorchvisionsCountsAndShapes() {
        assertTorchvisionsCounts("MobileNetV2", 3_504_872, 34_112);
        NetworkSpec spec = model("MobileNetV2").spec();
        assertEquals(Shape.of(24, 56, 56), spec.layer("features_3_add").output());
        assertEquals(List.of("features_2_conv_3", "features_3_conv_3"), spec.layer("features_3_add").inputs());
        assertEquals(Shape.of(320, 7, 7), spec.layer("features_17_conv_3").output());
        assertEquals(Shape.of(1280, 7, 7), spec.layer("features_18_1").output());
        assertEquals(96, spec.layer("features_2_conv_1_0", Conv2dOp.class).groups(), "the depthwise 3x3 of features.2");
    }

    @Test
    void mobileNetV3SmallHasTorchvisionsCountsAndShapes() {
        assertTorchvisionsCounts("MobileNetV3Small", 2_542_856, 12_112);
        NetworkSpec spec = model("MobileNetV3Small").spec();
        assertEquals(Shape.of(16, 1, 1), spec.layer("features_1_block_1_avgpool").output());
        assertEquals(Shape.of(16, 56, 56), spec.layer("features_1_block_1_mul").output());
        assertEquals(List.of("features_1_block_1_fc2", "features_1_block_0_1"), spec.layer("features_1_block_1_mul").inputs());
        assertEquals(Shape.of(576, 7, 7), spec.layer("features_12_1").output());
        assertEquals(Shape.vector(1024), spec.layer("classifier_0").output());
    }

    @Test
    void efficientNetB0HasTorchvisionsCountsAndShapes() {
        assertTorchvisionsCounts("EfficientNetB0", 5_288_548, 42_016);
        NetworkSpec spec = model("EfficientNetB0").spec();
        assertEquals(Shape.of(96, 1, 1), spec.layer("features_2_0_block_2_avgpool").output());
        assertEquals(Shape.of(112, 14, 14), spec.layer("features_5_2_add").output());
        // the stochastic depth before the add is left out (the identity at inference): the add reads the projection
        assertEquals(List.of("features_5_2_block_3_1", "features_5_1_add"), spec.layer("features_5_2_add").inputs());
        assertEquals(Shape.of(1280, 7, 7), spec.layer("features_8_1").output());
    }

    @Test
    void denseNet121HasTorchvisionsCountsAndShapes() {
        assertTorchvisionsCounts("DenseNet121", 7_978_856, 83_648);
        NetworkSpec spec = model("DenseNet121").spec();
        assertEquals(Shape.of(256, 56, 56), spec.layer("features_denseblock1_cat").output());
        assertEquals(7, spec.layer("features_denseblock1_cat").inputs().size(), "the block's input and its six layers");
        assertEquals(Shape.of(128, 28, 28), spec.layer("features_transition1_pool").output());
        assertEquals(Shape.of(1024, 7, 7), spec.layer("features_denseblock4_cat").output());
        assertEquals(Shape.of(1024, 7, 7), spec.layer("features_norm5").output());
    }

    @Test
    void googLeNetHasTorchvisionsCountsAndShapes() {
        assertTorchvisionsCounts("GoogLeNet", 6_624_904, 14_560);
        NetworkSpec spec = model("GoogLeNet").spec();
        assertEquals(Shape.of(64, 56, 56), spec.layer("maxpool1").output(), "ceil mode: 112 pools to 56, not 55");
        assertEquals(Shape.of(256, 28, 28), spec.layer("inception3a_cat").output());
        assertEquals(4, spec.layer("inception3a_cat").inputs().size());
        assertEquals(Shape.of(480, 14, 14), spec.layer("maxpool3").output());
        assertEquals(Shape.of(1024, 7, 7), spec.layer("inception5b_cat").output());
    }

    @Test
    void squeezeNet11HasTorchvisionsCountsAndShapes() {
        assertTorchvisionsCounts("SqueezeNet11", 1_235_496, 0);
        NetworkSpec spec = model("SqueezeNet11").spec();
        assertEquals(Shape.of(64, 55, 55), spec.layer("features_2").output());
        assertEquals(Shape.of(128, 55, 55), spec.layer("features_3_cat").output());
        assertEquals(Shape.of(512, 13, 13), spec.layer("features_12_cat").output());
        assertEquals(Shape.of(1000, 13, 13), spec.layer("classifier_1").output());
    }

    @Test
    void shuffleNetV2HasTorchvisionsCountsAndShapes() {
        assertTorchvisionsCounts("ShuffleNetV2", 2_278_604, 16_180);
        NetworkSpec spec = model("ShuffleNetV2").spec();
        assertEquals(Shape.of(116, 28, 28), spec.layer("stage2_3_shuffle").output());
        assertEquals(Shape.of(232, 14, 14), spec.layer("stage3_7_shuffle").output());
        assertEquals(Shape.of(464, 7, 7), spec.layer("stage4_3_shuffle").output());
        assertEquals(Shape.of(1024, 7, 7), spec.layer("conv5_1").output());
        assertEquals(List.of("stage2_1_split0", "stage2_1_branch2_6"), spec.layer("stage2_1_cat").inputs());
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
