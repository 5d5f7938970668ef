package dev.kiln.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link LayerMain} for one backend in a fresh JVM and reads its results back; a case it did not report becomes a failed row. */
final class LayerRunner {
    private LayerRunner() {
    }

    static List<LayerBench.Result> run(List<String> networks, String backend, double seconds) {
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
        List<LayerBench.Result> results = new ArrayList<>();
        for (String network : networks) {
            for (LayerBench.Case c : LayerBench.cases(network, Options.trainingBatch(network))) {
                results.add(find(out, c, backend, failure));
            }
        }
        return results;
    }

    private static LayerBench.Result find(String out, LayerBench.Case c, String backend, String failure) {
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 11 && f[0].equals("layer") && f[1].equals(c.network()) && f[2].equals(c.layer()) && f[3].equals(backend)) {
                return new LayerBench.Result(c, backend, d(f[4]), d(f[5]), d(f[6]), d(f[7]), d(f[8]), d(f[9]), f[10].isEmpty() ? null : f[10]);
            }
        }
        return new LayerBench.Result(c, backend, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, failure);
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
