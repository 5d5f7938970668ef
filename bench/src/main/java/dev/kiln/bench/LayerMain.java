package dev.kiln.bench;

import java.util.List;
import java.util.Locale;

/**
 * The per-layer phase of one backend in its own JVM, so that a native crash there (one was seen
 * with both backends in one JVM) costs only that backend's rows, not the whole report. Usage:
 * {@code LayerMain NETWORKS BACKEND SECONDS}; prints one {@code layer\t...} line per result and, for the
 * Java backend, one {@code phase\t...} line per network ({@link PhaseBench}).
 */
public final class LayerMain {
    private LayerMain() {
    }

    public static void main(String[] args) {
        List<String> networks = List.of(args[0].split(","));
        int[] batches = networks.stream().mapToInt(LayerMain::layerBatch).toArray();
        for (LayerBench.Result r : LayerBench.measureAll(networks, batches, List.of(args[1]), Double.parseDouble(args[2]))) {
            System.out.println(String.join("\t", "layer", r.layerCase().network(), r.layerCase().layer(), r.backend(),
                    num(r.forwardMs()), num(r.backwardMs()), num(r.forwardGflops()), num(r.backwardGflops()),
                    num(r.coreForwardGflops()), num(r.coreBackwardGflops()), num(r.lossMs()), clean(r.error())));
        }
        if (args[1].equals("java")) {
            for (int n = 0; n < networks.size(); n++) {
                if (!hasPhases(networks.get(n))) {
                    continue;
                }
                PhaseBench.Result p = PhaseBench.measure(networks.get(n), batches[n], Double.parseDouble(args[2]));
                System.out.println(String.join("\t", "phase", p.network(), Integer.toString(p.batch()), num(p.dataMs()),
                        num(p.forwardMs()), num(p.lossMs()), num(p.backwardMs()), num(p.optimizerMs()), num(p.stepMs()),
                        clean(p.error())));
            }
        }
        System.out.flush();
        System.exit(0); // PoCL's threads must not keep the JVM alive
    }

    /** The batch per-layer figures are taken at: the training batch, or the largest inference batch of an inference-only network. */
    static int layerBatch(String network) {
        BenchNetwork n = BenchNetwork.find(network);
        return n.trains() ? n.trainingBatch() : n.maxBatch();
    }

    /** Where a training step goes is measured for the Fashion-MNIST networks that train (its data phase draws from 60,000 images). */
    static boolean hasPhases(String network) {
        BenchNetwork n = BenchNetwork.find(network);
        return n.trains() && n.input() == BenchNetwork.Input.FASHION_MNIST;
    }

    private static String clean(String error) {
        return error == null ? "" : error.replace('\t', ' ').replace('\n', ' ');
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
