package dev.kiln.bench;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The sample networks rebuilt layer for layer in DL4J: same kernels, padding, pooling, dropout
 * rates, activations, the same initialiser family as Kiln resolves it (He normal after ReLU,
 * Xavier uniform on the output layer, zero biases) and Adam with lr 1e-3. The output layer is
 * softmax + multi-class cross-entropy, which is what Kiln's logits + softmax cross-entropy computes.
 */
final class Dl4jNetworks {
    private Dl4jNetworks() {
    }

    static MultiLayerNetwork build(String network, long seed) {
        MultiLayerConfiguration conf = switch (network) {
            case "LeNet5" -> leNet5(seed);
            case "FashionCnn" -> fashionCnn(seed);
            default -> throw new IllegalArgumentException("no DL4J twin for network '" + network + "'; known: LeNet5, FashionCnn");
        };
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static NeuralNetConfiguration.Builder common(long seed, ConvolutionMode mode) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(KilnContestant.LEARNING_RATE))
                .weightInit(WeightInit.RELU)
                .convolutionMode(mode);
    }

    /** c1 6@5x5 pad 2, s2 max 2, c3 16@5x5, s4 max 2, c5 120@5x5, f6 84, out 10: 61,706 parameters. */
    private static MultiLayerConfiguration leNet5(long seed) {
        return common(seed, ConvolutionMode.Truncate).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).padding(2, 2).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(120).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build())
                .layer(output())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
    }

    /** conv 32@3x3 same, max 2, dropout 0.2, conv 64@3x3 same, max 2, dropout 0.2, dense 128, out 10: 421,642 parameters. */
    private static MultiLayerConfiguration fashionCnn(long seed) {
        return common(seed, ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(new DropoutLayer.Builder(0.8).build()) // DL4J takes the retain probability: rate 0.2
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(new DropoutLayer.Builder(0.8).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(output())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    private static OutputLayer output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER_UNIFORM).build();
    }
}
