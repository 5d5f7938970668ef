package dev.kiln.bench;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A network the harness can measure: the sample it is ({@code dev.kiln.samples.NAME}), what it is fed,
 * the batch it trains at (0: inference only) and the batches its inference is measured at, and which
 * other frameworks have a twin of it. Adding a network to the benchmark is one line in {@link #ALL}.
 */
record BenchNetwork(String name, Input input, int trainingBatch, List<Integer> inferenceBatches, boolean dl4jTwin,
                    boolean djlTwin) {

    /** What a network is fed: Fashion-MNIST's 28x28 grey images, or the same seeded random 3x224x224 images for everyone. */
    enum Input {
        FASHION_MNIST, RGB_224
    }

    /** Every network the benchmark knows, in report order. */
    static final List<BenchNetwork> ALL = List.of(
            new BenchNetwork("LeNet5", Input.FASHION_MNIST, 64, List.of(256), true, true),
            new BenchNetwork("FashionCnn", Input.FASHION_MNIST, 100, List.of(256), true, true),
            new BenchNetwork("FashionResNet", Input.FASHION_MNIST, 128, List.of(256), false, true),
            new BenchNetwork("ResNet18", Input.RGB_224, 16, List.of(1, 32), false, true),
            new BenchNetwork("ResNet50", Input.RGB_224, 0, List.of(1, 32), false, true),
            new BenchNetwork("MobileNetV2", Input.RGB_224, 0, List.of(1, 32), false, true),
            new BenchNetwork("EfficientNetB0", Input.RGB_224, 0, List.of(1, 32), false, true));

    static BenchNetwork find(String name) {
        for (BenchNetwork n : ALL) {
            if (n.name.equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown network '" + name + "'; known: "
                + String.join(", ", ALL.stream().map(BenchNetwork::name).toList()));
    }

    /** The networks whose generated model is on the class path. */
    static List<String> available() {
        List<String> names = new java.util.ArrayList<>();
        for (dev.kiln.runtime.KilnModel m : ServiceLoader.load(dev.kiln.runtime.KilnModel.class)) {
            names.add(m.spec().qualifiedName());
        }
        return ALL.stream().map(BenchNetwork::name).filter(n -> names.contains("dev.kiln.samples." + n)).toList();
    }

    boolean trains() {
        return trainingBatch > 0;
    }

    /** The largest batch it sees. */
    int maxBatch() {
        int max = trainingBatch;
        for (int b : inferenceBatches) {
            max = Math.max(max, b);
        }
        return max;
    }

    /** Whether contestant {@code key} can run this network at all, or why not. */
    String unsupported(String key) {
        if (key.equals("kiln-opencl") && input == Input.RGB_224) {
            return "the OpenCL backend is for GPUs; on this CPU (PoCL) a 224x224 network would take minutes per measurement";
        }
        if (key.equals("dl4j") && !dl4jTwin) {
            return "no DL4J twin of " + name + " is written";
        }
        if (key.equals("djl") && !djlTwin) {
            return "no DJL twin of " + name + " is written";
        }
        return null;
    }
}
