package dev.kiln.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 24's goals and where this run leaves each of them, from the run's own side-by-side ratios
 * (medians of the per-round ratios) and per-layer figures: met, not met, or not measured (and why).
 */
final class Goals {
    /** A convolution counts as large from this many flops per image (every 3x3 and bottleneck conv of ResNet-18/50). */
    static final double LARGE_CONV_FLOPS = 1e8;
    static final double LARGE_CONV_SHARE = 0.70;

    private Goals() {
    }

    /** One goal's row: what is asked, what was measured, and the verdict. */
    record Row(String goal, String measured, String verdict) {
    }

    static void section(StringBuilder s, Report report) {
        s.append("## Goals (issue 24)\n\nEach ratio is the median of the per-round ratios measured side by side in this run (min–max over"
                + " rounds); a goal is met when the median reaches it.\n\n");
        s.append("| goal | measured | standing |\n|---|---|---|\n");
        for (Row r : rows(report)) {
            s.append("| ").append(r.goal()).append(" | ").append(r.measured()).append(" | ").append(r.verdict()).append(" |\n");
        }
        s.append('\n');
    }

    static List<Row> rows(Report report) {
        List<Row> rows = new ArrayList<>();
        for (String network : List.of("ResNet18", "ResNet50")) {
            for (int batch : List.of(1, 32)) {
                rows.add(ratioRow(report, network + " inference, batch " + batch + ": kiln-java at least ONNX Runtime's throughput",
                        network, batch, false, "ort", 1.0));
            }
        }
        for (String network : List.of("FashionResNet", "ResNet18")) {
            BenchNetwork n = BenchNetwork.find(network);
            rows.add(ratioRow(report, network + " training, batch " + n.trainingBatch() + ": kiln-java at least 1.5x DJL/libtorch",
                    network, n.trainingBatch(), true, "djl", 1.5));
        }
        for (String network : List.of("LeNet5", "FashionCnn")) {
            BenchNetwork n = BenchNetwork.find(network);
            rows.add(ratioRow(report, network + " training, batch " + n.trainingBatch() + ": kiln-java at least 2x the best other",
                    network, n.trainingBatch(), true, null, 2.0));
            for (int batch : n.inferenceBatches()) {
                rows.add(ratioRow(report, network + " inference, batch " + batch + ": kiln-java at least 2x the best other",
                        network, batch, false, null, 2.0));
            }
        }
        rows.add(largeConvolutions(report));
        rows.add(new Row("OpenCL backend on a GPU against PyTorch with CUDA (FashionResNet, ResNet-18 training)",
                "not measured", "**not measured**: no GPU machine was lent to this task"));
        return rows;
    }

    private static Row ratioRow(Report report, String goal, String network, int batch, boolean training, String other, double target) {
        NetworkResults r = report.networks.stream().filter(n -> n.network.equals(network)).findFirst().orElse(null);
        if (r == null) {
            return new Row(goal, "–", "**not measured**: " + network + " was not among `--networks`");
        }
        Map<String, double[]> table = training ? r.training : r.inference.get(batch);
        if (table == null) {
            return new Row(goal, "–", "**not measured** at batch " + batch);
        }
        Stats ratio;
        String against;
        if (other == null) {
            List<String> others = report.options.contestants().stream().filter(k -> !Options.isKiln(k) && !(training && k.equals("ort")))
                    .toList();
            ratio = r.ratioToBest(table, "kiln-java", others);
            against = "best of " + String.join(", ", others);
        } else {
            ratio = r.ratio(table, "kiln-java", other);
            against = other;
        }
        if (ratio.n() == 0) {
            return new Row(goal, "–", "**not measured**: kiln-java or " + against + " did not run");
        }
        String measured = ratio.format("%.2fx") + " (kiln-java / " + against + ")";
        return new Row(goal, measured, ratio.median() >= target ? "met" : String.format(Locale.ROOT, "**not met** (%.0f%% of the goal)",
                100 * ratio.median() / target));
    }

    /** Every conv layer of at least {@link #LARGE_CONV_FLOPS} per image, its forward on one core against one core's measured peak. */
    private static Row largeConvolutions(Report report) {
        String goal = "Every large convolution (at least 0.1 GFLOP per image) at 70% or more of the measured peak (forward, one core)";
        double peak = report.corePeak();
        int large = 0;
        int met = 0;
        double worst = Double.POSITIVE_INFINITY;
        String worstName = "";
        for (LayerBench.Result l : report.layers) {
            if (l.layerCase().macs() * 2.0 < LARGE_CONV_FLOPS || Double.isNaN(l.coreForwardGflops())) {
                continue;
            }
            large++;
            double share = l.coreForwardGflops() / peak;
            if (share >= LARGE_CONV_SHARE) {
                met++;
            }
            if (share < worst) {
                worst = share;
                worstName = l.layerCase().network() + " " + l.layerCase().layer();
            }
        }
        if (large == 0) {
            return new Row(goal, "–", "**not measured**: no large convolution in this run's per-layer figures");
        }
        String measured = String.format(Locale.ROOT, "%d of %d at 70%% or more; lowest %.0f%% (%s)", met, large, 100 * worst, worstName);
        return new Row(goal, measured, met == large ? "met" : "**not met**");
    }
}
