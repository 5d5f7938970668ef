package dev.kiln.bench;

/** Creates contestants by key for a sample network, with the same parameter seed for all. */
final class Contestants {
    static final long INIT_SEED = 42;

    private Contestants() {
    }

    /**
     * @param key      {@code kiln-java}, {@code kiln-opencl}, {@code kiln-reference}, {@code djl}, {@code dl4j} or {@code ort}
     * @param network  a sample's simple name ({@code LeNet5}, {@code FashionCnn})
     * @param maxBatch the largest batch it will see
     */
    static Contestant create(String key, String network, int maxBatch) {
        if (key.equals("dl4j")) {
            return new Dl4jContestant(network, INIT_SEED);
        }
        if (key.equals("djl")) {
            return new DjlContestant(network, INIT_SEED, maxBatch);
        }
        if (key.equals("ort")) {
            return new OrtContestant(KilnModels.find("dev.kiln.samples." + network), INIT_SEED);
        }
        if (!key.startsWith("kiln-")) {
            throw new IllegalArgumentException("unknown contestant '" + key + "': use kiln-java, kiln-opencl, kiln-reference, djl, dl4j or ort");
        }
        return new KilnContestant(KilnModels.find("dev.kiln.samples." + network), key.substring("kiln-".length()), maxBatch, INIT_SEED);
    }
}
