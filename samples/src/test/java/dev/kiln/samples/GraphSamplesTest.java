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
 * of VGG-16 and ResNet-18 (Keras' convention for batch norm: weight and bias trainable, the running
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
    void fashionResNetMatchesItsRecipesHandCount() {
        NetworkSpec spec = model("FashionResNet").spec();
        assertEquals(43_762, spec.parameterCount());
        assertEquals(432, spec.nonTrainableCount());
        assertEquals(3_817_824, spec.multiplies());
        String summary = model("FashionResNet").summary();
        assertTrue(summary.contains("Connected to"), summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("s1 (Add)") && l.endsWith("s1n2, pool")), summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("stemBn (BatchNorm)") && l.contains(" 96 ")), summary);
    }

    @Test
    void inceptionJoinsFourBranchesAlongChannels() {
        NetworkSpec spec = model("InceptionNet").spec();
        assertEquals(List.of("b1x1", "b3x3", "b5x5", "bpoolProj"), spec.layer("mixed").inputs());
        assertEquals(Shape.of(8 + 12 + 6 + 6, 14, 14), spec.layer("mixed").output());
    }
}
