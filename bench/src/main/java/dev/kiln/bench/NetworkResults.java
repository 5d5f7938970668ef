package dev.kiln.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything measured for one network, per contestant and repetition (NaN where a run failed). */
final class NetworkResults {
    final String network;
    /** The training batch, 0 for a network measured at inference only. */
    final int batch;
    final List<Integer> inferenceBatches;
    final int repetitions;
    final Map<String, String> descriptions = new LinkedHashMap<>();
    final Map<String, String> errors = new LinkedHashMap<>();
    /** Contestants that cannot run this network (no twin written), and why: a dash in the tables, not an error. */
    final Map<String, String> unsupported = new LinkedHashMap<>();
    final Map<String, double[]> training = new LinkedHashMap<>();
    /** Per inference batch, per contestant. */
    final Map<Integer, Map<String, double[]>> inference = new LinkedHashMap<>();
    final Map<String, double[]> bytesPerStep = new LinkedHashMap<>();
    /** Chunks measured and dropped as contaminated, summed over repetitions (and inference batches), per contestant. */
    final Map<String, int[]> trainingChunks = new LinkedHashMap<>();
    final Map<String, int[]> inferenceChunks = new LinkedHashMap<>();
    final Map<String, FirstEpochRunner.Result> firstEpoch = new LinkedHashMap<>();
    int trainingStepLaunches = -1;
    int forwardLaunches = -1;
    double referenceImagesPerSecond = Double.NaN;
    String referenceError;

    NetworkResults(String network, int batch, List<Integer> inferenceBatches, int repetitions) {
        this.network = network;
        this.batch = batch;
        this.inferenceBatches = inferenceBatches;
        this.repetitions = repetitions;
        for (int b : inferenceBatches) {
            inference.put(b, new LinkedHashMap<>());
        }
    }

    double[] series(Map<String, double[]> table, String key) {
        return table.computeIfAbsent(key, k -> {
            double[] v = new double[repetitions];
            Arrays.fill(v, Double.NaN);
            return v;
        });
    }

    static Stats stats(double[] values) {
        return values == null ? Stats.of(List.of()) : Stats.of(values);
    }

    /** Adds one measurement's chunk counts: {measured, dropped}. */
    static void count(Map<String, int[]> table, String key, Throughput.Result r) {
        int[] c = table.computeIfAbsent(key, k -> new int[2]);
        c[0] += r.chunks();
        c[1] += r.dropped();
    }

    /** Per-repetition ratios of {@code key} to the fastest of {@code others} in the same round (rounds where none ran are skipped). */
    Stats ratioToBest(Map<String, double[]> table, String key, List<String> others) {
        double[] k = table.get(key);
        List<Double> r = new ArrayList<>();
        if (k != null) {
            for (int i = 0; i < repetitions; i++) {
                double bestOther = Double.NaN;
                for (String o : others) {
                    double[] v = table.get(o);
                    if (v != null && !Double.isNaN(v[i]) && (Double.isNaN(bestOther) || v[i] > bestOther)) {
                        bestOther = v[i];
                    }
                }
                if (!Double.isNaN(bestOther)) {
                    r.add(k[i] / bestOther);
                }
            }
        }
        return Stats.of(r);
    }

    /** Per-repetition ratios {@code key / other}, each pairing the two contestants' runs of the same round. */
    Stats ratio(Map<String, double[]> table, String key, String other) {
        double[] k = table.get(key);
        double[] d = table.get(other);
        List<Double> r = new ArrayList<>();
        if (k != null && d != null) {
            for (int i = 0; i < repetitions; i++) {
                r.add(k[i] / d[i]);
            }
        }
        return Stats.of(r);
    }
}
