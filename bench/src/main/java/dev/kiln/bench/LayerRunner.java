package dev.kiln.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link LayerMain} for one backend in a fresh JVM and reads its results back: the per-layer
 * rows and, for the Java backend, the per-phase rows; a case it did not report becomes a failed row.
 */
final class LayerRunner {
    private LayerRunner() {
    }

    /** What one per-layer JVM reported. */
    record Output(List<LayerBench.Result> layers, List<PhaseBench.Result> phases) {
    }

    static Output run(List<String> networks, String backend, double seconds) {
        ProcessBuilder pb = ChildJvm.builder("kiln-" + backend, LayerMain.class.getName(), String.join(",", networks), backend,
                Double.toString(seconds));
        String out;
        String failure;
        try {
            Process p = pb.redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            failure = p.exitValue() == 0 ? "not reported" : "the per-layer JVM died with exit status " + p.exitValue();
        } catch (IOException e) {
            out = "";
            failure = "could not start a JVM: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out = "";
            failure = "interrupted";
        }
        return parse(out, networks, backend, failure);
    }

    static Output parse(String out, List<String> networks, String backend, String failure) {
        List<LayerBench.Result> layers = new ArrayList<>();
        List<PhaseBench.Result> phases = new ArrayList<>();
        for (String network : networks) {
            for (LayerBench.Case c : LayerBench.cases(network, LayerMain.layerBatch(network), backend)) {
                layers.add(find(out, c, backend, failure));
            }
            if (backend.equals("java") && LayerMain.hasPhases(network)) {
                phases.add(findPhases(out, network, LayerMain.layerBatch(network), failure));
            }
        }
        return new Output(layers, phases);
    }

    private static LayerBench.Result find(String out, LayerBench.Case c, String backend, String failure) {
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 12 && f[0].equals("layer") && f[1].equals(c.network()) && f[2].equals(c.layer()) && f[3].equals(backend)) {
                return new LayerBench.Result(c, backend, d(f[4]), d(f[5]), d(f[6]), d(f[7]), d(f[8]), d(f[9]), d(f[10]),
                        f[11].isEmpty() ? null : f[11]);
            }
        }
        return new LayerBench.Result(c, backend, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                failure);
    }

    private static PhaseBench.Result findPhases(String out, String network, int batch, String failure) {
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 10 && f[0].equals("phase") && f[1].equals(network)) {
                return new PhaseBench.Result(network, Integer.parseInt(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]), d(f[7]), d(f[8]),
                        f[9].isEmpty() ? null : f[9]);
            }
        }
        return PhaseBench.Result.failed(network, batch, failure);
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
