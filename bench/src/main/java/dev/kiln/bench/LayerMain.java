package dev.kiln.bench;

import java.util.List;
import java.util.Locale;

/**
 * The per-layer phase of one backend in its own JVM, so that a native crash there (one was seen
 * with both backends in one JVM) costs only that backend's rows, not the whole report. Usage:
 * {@code LayerMain NETWORKS BACKEND SECONDS}; prints one {@code layer\t...} line per result.
 */
public final class LayerMain {
    private LayerMain() {
    }

    public static void main(String[] args) {
        List<String> networks = List.of(args[0].split(","));
        int[] batches = networks.stream().mapToInt(Options::trainingBatch).toArray();
        for (LayerBench.Result r : LayerBench.measureAll(networks, batches, List.of(args[1]), Double.parseDouble(args[2]))) {
            System.out.println(String.join("\t", "layer", r.layerCase().network(), r.layerCase().layer(), r.backend(),
                    num(r.forwardMs()), num(r.backwardMs()), num(r.forwardGflops()), num(r.backwardGflops()),
                    num(r.coreForwardGflops()), num(r.coreBackwardGflops()), r.error() == null ? "" : r.error().replace('\t', ' ')));
        }
        System.out.flush();
        System.exit(0); // PoCL's threads must not keep the JVM alive
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
