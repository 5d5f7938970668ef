package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * The DL4J contestant must really reach oneDNN: with helpers enabled (surefire sets
 * {@code org.eclipse.deeplearning4j.helpers.disable=false}, as the harness does) and our
 * {@code org.nd4j.nativeblas.Nd4jCpu} compatibility class, the conv layer gets DL4J's oneDNN helper.
 * Without the class, {@code mklDnnEnabled()} is false and the helper is null.
 */
class Dl4jHelpersTest {
    @Test
    void convolutionLayersGetTheOneDnnHelper() {
        assertEquals("false", System.getProperty("org.eclipse.deeplearning4j.helpers.disable"));
        assertTrue(BaseMKLDNNHelper.mklDnnEnabled(), "DL4J's oneDNN check failed: is org.nd4j.nativeblas.Nd4jCpu on the class path?");
        MultiLayerNetwork net = Dl4jNetworks.build("LeNet5", 1);
        assertNotNull(net.getLayer(0).getHelper(), "c1 has no layer helper");
        assertEquals("MKLDNNConvHelper", net.getLayer(0).getHelper().getClass().getSimpleName());
    }
}
