package dev.kiln.bench;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Deeplearning4j with its default CPU backend (nd4j-native, oneDNN build). Each batch becomes an
 * {@link INDArray} once and is reused when the harness cycles back to it, so the steady-state
 * figures time DL4J's training and inference, not the float[] to off-heap copy.
 */
final class Dl4jContestant implements Contestant {
    private final MultiLayerNetwork net;
    private final Map<Batch, DataSet> converted = new IdentityHashMap<>();

    Dl4jContestant(String network, long seed) {
        this.net = Dl4jNetworks.build(network, seed);
    }

    @Override
    public String key() {
        return "dl4j";
    }

    @Override
    public String description() {
        return describeNd4j() + ", layer helpers: " + helpers() + ", " + net.numParams() + " parameters";
    }

    /** The helper each layer actually got (e.g. MKLDNNConvHelper), or "none" when DL4J runs its own Java-side im2col path. */
    private String helpers() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            org.deeplearning4j.nn.layers.LayerHelper h = l.getHelper();
            if (h != null) {
                names.add(h.getClass().getSimpleName());
            }
        }
        return names.isEmpty() ? "none (oneDNN not used by the layers)" : String.join(", ", names);
    }

    static String describeNd4j() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String build = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        return "DL4J 1.0.0-M2.1, nd4j-native " + System.getProperty("bench.nd4jClassifier", "(classifier unknown)")
                + (build.contains("HAVE_ONEDNN") ? " with oneDNN" : " without oneDNN")
                + ", BLAS " + env.get("blas.vendor") + ", " + env.get("omp.threads") + " OpenMP threads";
    }

    @Override
    public void trainStep(Batch batch) {
        net.fit(dataSet(batch));
    }

    @Override
    public void predict(Batch batch) {
        net.output(dataSet(batch).getFeatures(), false);
    }

    private DataSet dataSet(Batch batch) {
        return converted.computeIfAbsent(batch, Dl4jContestant::toDataSet);
    }

    /** (N, 1, 28, 28) features and one-hot labels. */
    static DataSet toDataSet(Batch batch) {
        int pixels = batch.images().length / batch.size();
        int side = (int) Math.round(Math.sqrt(pixels));
        INDArray features = Nd4j.create(batch.images(), new long[] {batch.size(), 1, side, side}, 'c');
        INDArray labels = Nd4j.zeros(batch.size(), 10);
        for (int i = 0; i < batch.size(); i++) {
            labels.putScalar(i, batch.labels()[i], 1f);
        }
        return new DataSet(features, labels);
    }

    @Override
    public void close() {
        converted.clear();
        net.close();
    }
}
