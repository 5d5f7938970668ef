package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.spec.Op;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The DL4J twins must be the samples layer for layer, or the comparison means nothing. */
class Dl4jNetworksTest {

    @ParameterizedTest
    @CsvSource({"LeNet5, 61706", "FashionCnn, 421642"})
    void sameParameterCountAsTheSampleHandCount(String network, long expected) {
        MultiLayerNetwork net = Dl4jNetworks.build(network, 1);
        assertEquals(expected, net.numParams());
        assertEquals(expected, KilnModels.find("dev.kiln.samples." + network).spec().parameterCount());
    }

    @ParameterizedTest
    @CsvSource({"LeNet5", "FashionCnn"})
    void sameParametersLayerByLayer(String network) {
        NetworkSpec spec = KilnModels.find("dev.kiln.samples." + network).spec();
        List<Long> kiln = new ArrayList<>();
        for (Op l : spec.layers()) {
            if (!l.parameters().isEmpty()) {
                kiln.add(l.parameterCount());
            }
        }
        List<Long> dl4j = new ArrayList<>();
        for (Layer l : Dl4jNetworks.build(network, 1).getLayers()) {
            if (l.numParams() > 0) {
                dl4j.add(l.numParams());
            }
        }
        assertEquals(kiln, dl4j);
    }
}
