package dev.kiln.bench;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark run behind {@code ./bench.sh}: for each network, every contestant's training and
 * inference throughput (each in its own JVM, contamination-filtered chunks) in rotated order for several rounds, Kiln's naive reference for
 * the generated-code speed-up, per-layer GFLOP/s, where a Java training step goes, and the time to the first trained epoch of a
 * fresh JVM; then the report, printed and written to {@code docs/BENCHMARKS.md}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        Report report = new Report(o, Machine.read(), Instant.now(), Machine.loadAverage());
        log("machine: " + report.machine.model() + ", " + report.machine.peakFormula());
        Dataset data = FashionMnist.train(null);
        log("data: " + data.name() + ", " + data.size() + " images " + data.shape() + "; networks " + o.networks());
        report.peak = MeasuredPeak.measure();
        if (report.peak != null) {
            log("FMA peak: " + report.peak.describe());
        }
        report.sgemmGflops = Sgemm.gflops(1024, 20);
        log(String.format(Locale.ROOT, "ND4J/OpenBLAS SGEMM 1024^3: %.1f GFLOP/s", report.sgemmGflops));

        for (String network : o.networks()) {
            NetworkResults r = throughput(o, network);
            if (network.equals("LeNet5") && o.contestants().contains("kiln-java")) {
                reference(o, r, Workload.slice(data, r.batch, Workload.TRAINING_BATCHES));
            }
            report.networks.add(r);
        }
        List<String> kilnBackends = o.contestants().stream().filter(k -> k.startsWith("kiln-"))
                .map(k -> k.substring("kiln-".length())).toList();
        if (o.layers()) {
            for (String backend : kilnBackends) {
                log("per-layer timings on " + backend + " in a fresh JVM");
                // only the networks this backend runs in the throughput tables (OpenCL: not the 224x224 ones on a CPU)
                List<String> networks = o.networks().stream()
                        .filter(n -> BenchNetwork.find(n).unsupported("kiln-" + backend) == null).toList();
                if (networks.isEmpty()) {
                    continue;
                }
                LayerRunner.Output out = LayerRunner.run(networks, backend, o.layerSeconds());
                report.layers.addAll(out.layers());
                report.phases.addAll(out.phases());
            }
        }
        if (o.firstEpoch()) {
            for (NetworkResults r : report.networks) {
                if (BenchNetwork.find(r.network).input() != BenchNetwork.Input.FASHION_MNIST) {
                    continue;
                }
                for (String key : o.contestants()) {
                    if (key.equals("ort") || r.unsupported.containsKey(key)) {
                        continue;
                    }
                    log("first epoch: " + r.network + " " + key + " in a fresh JVM");
                    r.firstEpoch.put(key, FirstEpochRunner.run(r.network, key, r.batch, o.firstEpochCapSeconds()));
                }
            }
        }
        report.loadAverageAtEnd = Machine.loadAverage();
        report.minutes = (System.nanoTime() - started) / 60e9;
        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);
        if (o.out().getParent() != null) {
            Files.createDirectories(o.out().getParent());
        }
        String history = Report.history(o.out());
        Files.writeString(o.out(), markdown + history + report.historyLine() + "\n");
        log("wrote " + o.out() + String.format(Locale.ROOT, " after %.1f minutes", report.minutes));
        System.exit(0); // DL4J's and PoCL's native threads must not keep the JVM alive
    }

    /**
     * Training and inference throughput of every contestant on one network. Each contestant runs in a
     * JVM of its own (started once, kept for every round); each round measures them one after another in
     * a rotated order, so that the ratios pair runs close in time.
     */
    private static NetworkResults throughput(Options o, String name) {
        BenchNetwork network = BenchNetwork.find(name);
        NetworkResults r = new NetworkResults(name, network.trainingBatch(), network.inferenceBatches(), o.repetitions());
        Map<String, ContestantProcess> open = new LinkedHashMap<>();
        List<ContestantProcess> started = new ArrayList<>();
        for (String key : o.contestants()) {
            String why = network.unsupported(key);
            if (why != null) {
                r.unsupported.put(key, why);
                continue;
            }
            try {
                started.add(new ContestantProcess(name, key, Path.of("bench/target/logs", name + "-" + key + ".log")));
            } catch (IOException e) {
                r.errors.put(key, "could not start a JVM: " + e.getMessage());
            }
        }
        for (ContestantProcess p : started) {
            try {
                r.descriptions.put(p.key(), p.awaitReady());
                open.put(p.key(), p);
                if (p.key().equals("kiln-opencl")) {
                    KilnModel model = KilnModels.find("dev.kiln.samples." + name);
                    r.trainingStepLaunches = model.openCl().trainingStepLaunches();
                    r.forwardLaunches = model.openCl().forwardLaunches();
                }
            } catch (IOException | RuntimeException e) {
                r.errors.put(p.key(), e.getMessage());
                log(name + " " + p.key() + ": cannot run: " + e.getMessage());
                p.close();
            }
        }
        List<String> keys = new ArrayList<>(open.keySet());
        for (int rep = 0; rep < o.repetitions(); rep++) {
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get((i + rep) % keys.size());
                ContestantProcess c = open.get(key);
                double warmup = rep == 0 ? 2 * o.warmupSeconds() : o.warmupSeconds() / 2;
                try {
                    pause();
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %s rep %d:", name, key, rep + 1));
                    if (network.trains() && !key.equals("ort")) {
                        Throughput.Result t = c.measure(true, network.trainingBatch(), o.plan(warmup, o.windowSeconds()));
                        r.series(r.training, key)[rep] = t.imagesPerSecond();
                        r.series(r.bytesPerStep, key)[rep] = t.bytesPerStep();
                        NetworkResults.count(r.trainingChunks, key, t);
                        line.append(String.format(Locale.ROOT, " train %.1f img/s (%.0f B/step, %d of %d chunks dropped);",
                                t.imagesPerSecond(), t.bytesPerStep(), t.dropped(), t.chunks()));
                        warmup = o.warmupSeconds() / 2;
                    }
                    for (int b : network.inferenceBatches()) {
                        Throughput.Result p = c.measure(false, b, o.plan(warmup, o.inferenceWindowSeconds()));
                        r.series(r.inference.get(b), key)[rep] = p.imagesPerSecond();
                        NetworkResults.count(r.inferenceChunks, key, p);
                        line.append(String.format(Locale.ROOT, " infer batch %d %.1f img/s (%d of %d dropped);", b, p.imagesPerSecond(),
                                p.dropped(), p.chunks()));
                        warmup = o.warmupSeconds() / 2;
                    }
                    log(line.toString());
                } catch (IOException | RuntimeException e) {
                    r.errors.putIfAbsent(key, e.getMessage());
                    log(name + " " + key + " failed: " + e.getMessage());
                }
            }
        }
        open.values().forEach(ContestantProcess::close);
        return r;
    }

    /** A few steps of the naive double-precision reference, for the "generated code vs reference" ratio. */
    private static void reference(Options o, NetworkResults r, Batch[] batches) {
        try (Contestant ref = Contestants.create("kiln-reference", r.network, r.batch)) {
            ref.trainStep(batches[0]);
            long t0 = System.nanoTime();
            for (int i = 0; i < o.referenceSteps(); i++) {
                ref.trainStep(batches[(i + 1) % batches.length]);
            }
            r.referenceImagesPerSecond = (double) o.referenceSteps() * r.batch / ((System.nanoTime() - t0) / 1e9);
            log(String.format(Locale.ROOT, "%s kiln-reference: train %.1f img/s", r.network, r.referenceImagesPerSecond));
        } catch (RuntimeException | LinkageError e) {
            r.referenceError = e.toString();
            log(r.network + " kiln-reference failed: " + e);
        }
    }

    /** Lets the previous contestant's worker threads (OpenMP spin-waits, PoCL) go idle before the next one is timed. */
    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void log(String line) {
        System.err.println("[bench] " + line);
    }
}
