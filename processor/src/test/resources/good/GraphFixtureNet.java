package good;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Add;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Concat;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.GlobalAvgPool2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;

/**
 * The network PyTorch trained for graph_fixture_net.safetensors (scripts/fixtures/make_graph_fixture.py):
 * a conv stem with batch norm, a residual block (the skip added before the last ReLU), a two-branch
 * concat, max and global average pooling, and a dense head with batch norm on the vector.
 * 8,498 trainable and 160 non-trainable parameters; 1,512,696 multiplies per image.
 */
@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class GraphFixtureNet {
    @Conv2d(filters = 16, kernel = 3, padding = 1, bias = false) Layer stem;                        // (16, 28, 28)
    @BatchNorm(activation = Activation.RELU) Layer stemBn;                                            // (16, 28, 28)
    @MaxPool2d(size = 2) Layer pool;                                                                  // (16, 14, 14)
    @Conv2d(filters = 16, kernel = 3, padding = 1, bias = false) Layer b1c1;                        // (16, 14, 14)
    @BatchNorm(activation = Activation.RELU) Layer b1n1;                                              // (16, 14, 14)
    @Conv2d(filters = 16, kernel = 3, padding = 1, bias = false) Layer b1c2;                        // (16, 14, 14)
    @BatchNorm Layer b1n2;                                                                            // (16, 14, 14)
    @Add(from = {"b1n2", "pool"}, activation = Activation.RELU) Layer b1;                            // (16, 14, 14)
    @Conv2d(filters = 8, kernel = 1, activation = Activation.RELU) Layer brA;                        // (8, 14, 14), reads b1
    @Conv2d(from = "b1", filters = 16, kernel = 3, padding = 1, activation = Activation.RELU) Layer brB; // (16, 14, 14)
    @Concat(from = {"brA", "brB"}) Layer cat;                                                         // (24, 14, 14)
    @MaxPool2d(size = 2) Layer pool2;                                                                 // (24, 7, 7)
    @GlobalAvgPool2d Layer gap;                                                                       // (24)
    @Dense(units = 32) Layer fc1;                                                                     // (32)
    @BatchNorm(eps = 1e-3, momentum = 0.05, activation = Activation.RELU) Layer fc1Bn;               // (32)
    @Dense(units = 10) Layer out;                                                                     // (10) logits
}
