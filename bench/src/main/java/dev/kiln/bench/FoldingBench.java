package dev.kiln.bench;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Inference with and without batch-norm folding ({@link JavaPass#setBatchNormFolding}), side by side in
 * one JVM: chunks of {@code predict} calls alternate between the two, the order flipping every round,
 * and a round in which other processes took more than a quarter of a core is measured again. Prints
 * both throughputs (medians) and the paired speed ratio folded / unfolded. Usage:
 * {@code FoldingBench [NETWORK [BATCH [ROUNDS]]]}, default {@code FashionResNet 256 9}.
 */
public final class FoldingBench {
    private static final double MAX_OTHERS_CORES = 0.25;
    private static final double CHUNK_SECONDS = 1.0;

    private FoldingBench() {
    }

    public static void main(String[] args) {
        String network = args.length > 0 ? args[0] : "FashionResNet";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        KilnModel model = KilnModels.find("dev.kiln.samples." + network);
        NetworkSpec spec = model.spec();
        JavaPass pass = model.newJavaPass();
        pass.plan(batch);
        float[] params = Initializers.initialize(spec, Contestants.INIT_SEED);
        float[] input = Arrays.copyOf(PhaseBench.dataset(spec, batch).images(), batch * spec.input().intSize());

        // warm up both paths, then size a chunk to about a second
        for (int i = 0; i < 20; i++) {
            pass.setBatchNormFolding(i % 2 == 0);
            pass.predict(params, input, batch);
        }
        long t0 = System.nanoTime();
        pass.predict(params, input, batch);
        int calls = Math.max(1, (int) (CHUNK_SECONDS * 1e9 / (System.nanoTime() - t0)));

        List<double[]> kept = new ArrayList<>();
        int dropped = 0;
        for (int round = 0; kept.size() < rounds && round < 4 * rounds; round++) {
            Contamination.Ticks before = Contamination.read();
            double[] seconds = new double[2];
            for (int k = 0; k < 2; k++) {
                int folded = (round + k) % 2;
                pass.setBatchNormFolding(folded == 1);
                long s = System.nanoTime();
                for (int c = 0; c < calls; c++) {
                    pass.predict(params, input, batch);
                }
                seconds[folded] = (System.nanoTime() - s) / 1e9;
            }
            Contamination.Ticks after = Contamination.read();
            if (before != null && after != null
                    && !Contamination.isClean(Contamination.othersCores(before, after, Contamination.cpus()), MAX_OTHERS_CORES)) {
                dropped++;
                continue;
            }
            kept.add(seconds);
        }
        if (kept.isEmpty()) {
            System.out.printf(Locale.ROOT, "%s: every round was dropped (other processes took more than %.2f cores); "
                    + "run it on a quiet machine%n", network, MAX_OTHERS_CORES);
            System.exit(1);
        }
        double images = (double) calls * batch;
        double[] unfolded = kept.stream().mapToDouble(s -> images / s[0]).sorted().toArray();
        double[] folded = kept.stream().mapToDouble(s -> images / s[1]).sorted().toArray();
        double[] ratio = kept.stream().mapToDouble(s -> s[0] / s[1]).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s inference, batch %d, %d workers: %d rounds kept, %d dropped (other processes)%n",
                network, batch, WorkerPool.shared().workers(), kept.size(), dropped);
        System.out.printf(Locale.ROOT, "batch norm as its own pass: %,.0f images/s%n", median(unfolded));
        System.out.printf(Locale.ROOT, "folded into the convs:      %,.0f images/s%n", median(folded));
        System.out.printf(Locale.ROOT, "folded / own pass: %.3fx (paired within a round; range %.3f-%.3f)%n",
                median(ratio), ratio[0], ratio[ratio.length - 1]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
