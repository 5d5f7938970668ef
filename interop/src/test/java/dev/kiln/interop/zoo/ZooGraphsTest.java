package dev.kiln.interop.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.interop.imports.ImportedNetwork;
import dev.kiln.interop.imports.SpecSource;
import dev.kiln.interop.keras.KerasModelImport;
import dev.kiln.interop.onnx.OnnxImport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * How the families' graphs, as both PyTorch exporters and Keras write them, map onto Kiln's layers,
 * checked on the source the import writes (whether or not this build's DSL has issue 23's new kinds):
 * both exporters give one network the same fields under its module names, and each family's
 * characteristic ops become the annotations section 1 of issue 23 defines.
 */
class ZooGraphsTest {
    static Path zoo(String file) throws Exception {
        return Path.of(ZooGraphsTest.class.getResource("/zoo/" + file).toURI());
    }

    /** The field declarations of the draft source, without comments and the class header. */
    static List<String> fields(ImportedNetwork net) {
        return SpecSource.draft("x.Net", net, "x").lines().map(String::strip)
                .filter(l -> l.startsWith("@") && l.endsWith(";") && !l.startsWith("@Network")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_s", "resnext_s", "mobilenet_v2_s", "mobilenet_v3_small_s", "efficientnet_s", "densenet_s",
            "googlenet_s", "squeezenet_s", "shufflenet_s", "meanhead"})
    void bothExportersGiveTheSameSpec(String family) throws Exception {
        String ts = family.equals("meanhead") ? "meanhead.ts13.onnx" : family + ".ts.onnx";
        List<String> fromTorchScript = fields(OnnxImport.map(zoo(ts)));
        List<String> fromDynamo = fields(OnnxImport.map(zoo(family + ".dyn.onnx")));
        assertEquals(fromTorchScript, fromDynamo, family);
    }

    @Test
    void eachFamilysOpsBecomeTheirKilnKinds() throws Exception {
        Map<String, List<String>> expected = Map.of(
                "resnet_s.dyn.onnx", List.of("@Conv2d(filters = 4, kernel = 7, stride = 2, padding = 3, activation = Activation.RELU) Layer conv1;",
                        "@MaxPool2d(size = 3, stride = 2, padding = 1) Layer maxpool;", "Layer layer1_0_add;", "@GlobalAvgPool2d Layer avgpool;",
                        "@Dense(units = 10) Layer fc;"),
                "resnext_s.ts.onnx", List.of("groups = 4"),
                "mobilenet_v2_s.dyn.onnx", List.of("activation = Activation.RELU6", "@Add(from = {"),
                "mobilenet_v3_small_s.ts.onnx", List.of("activation = Activation.HARD_SWISH", "activation = Activation.HARD_SIGMOID",
                        "@Multiply(from = {\"features_1_block_1_fc2\", \"features_1_block_0_0\"}) Layer features_1_block_1_mul;",
                        "@AvgPool2d(size = 9) Layer features_1_block_1_avgpool;"),
                "efficientnet_s.dyn.onnx", List.of("activation = Activation.SILU", "activation = Activation.SIGMOID) Layer features_1_0_block_1_fc2;"),
                "densenet_s.ts.onnx", List.of("@BatchNorm(activation = Activation.RELU) Layer features_denseblock1_denselayer1_norm1;",
                        "@Concat(from = {\"features_pool0\", \"features_denseblock1_denselayer1_conv2\"}) Layer features_denseblock1_denselayer2_cat;",
                        "@AvgPool2d(size = 2) Layer features_transition1_pool;", "@BatchNorm(activation = Activation.RELU) Layer features_norm5;"),
                "googlenet_s.ts.onnx", List.of("@MaxPool2d(size = 3, stride = 2, ceilMode = true) Layer maxpool1;"),
                "squeezenet_s.dyn.onnx", List.of("ceilMode = true", "@Concat(from = {\"features_3_expand1x1\", \"features_3_expand3x3\"}) Layer features_3_cat;"),
                "shufflenet_s.dyn.onnx", List.of("@ChannelShuffle(groups = 2) Layer stage2_0_shuffle;",
                        "@Slice(from = \"stage2_0_shuffle\", channels = {0, 8}) Layer stage2_1_split;",
                        "@Slice(from = \"stage2_0_shuffle\", channels = {8, 16}) Layer stage2_1_split_2;"));
        for (var e : expected.entrySet()) {
            String source = String.join("\n", fields(OnnxImport.map(zoo(e.getKey()))));
            for (String want : e.getValue()) {
                assertTrue(source.contains(want), e.getKey() + " lacks " + want + ":\n" + source);
            }
        }
    }

    @Test
    void kerasZooLayersBecomeTheirKilnKinds() throws Exception {
        Path file = Path.of(ZooGraphsTest.class.getResource("/keras/keras_zoo.keras").toURI());
        String source = String.join("\n", fields(KerasModelImport.map(file)));
        for (String want : List.of(
                "@Conv2d(filters = 8, kernel = 3, padding = 1, activation = Activation.HARD_SWISH) Layer stem;",
                "@Conv2d(filters = 16, kernel = 3, padding = 1, groups = 8) Layer dw;",
                "@BatchNorm(eps = 0.001, momentum = 0.01, activation = Activation.RELU6) Layer dw_bn;",
                "@AvgPool2d(size = 16) Layer se_pool;",
                "@Conv2d(filters = 4, kernel = 1, activation = Activation.SILU) Layer se_reduce;",
                "@Multiply(from = {\"dw_bn\", \"se_expand\"}) Layer se_scale;",
                "@Conv2d(filters = 16, kernel = 3, stride = 2, same = true, groups = 16, bias = false) Layer sep_depthwise;",
                "@Conv2d(filters = 12, kernel = 1, activation = Activation.GELU) Layer sep;",
                "@AvgPool2d(size = 3, stride = 1, padding = 1, countIncludePad = false) Layer blur;",
                "@AvgPool2d(size = 8) Layer gate_pool;",
                "@Conv2d(filters = 12, kernel = 1, activation = Activation.HARD_SIGMOID) Layer gate;",
                "@Multiply(from = {\"gate\", \"blur\"}) Layer gated;")) {
            assertTrue(source.contains(want), "lacks " + want + ":\n" + source);
        }
    }
}
