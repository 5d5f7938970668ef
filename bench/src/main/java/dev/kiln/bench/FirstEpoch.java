package dev.kiln.bench;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import java.util.Arrays;
import java.util.Locale;

/**
 * The child process behind "time to the first trained epoch": a fresh JVM that loads
 * Fashion-MNIST, builds one contestant and trains one epoch (all 60,000 images in file order,
 * Adam), as a user's first run would. The parent times it from process start to exit. If the
 * epoch would run past {@code capSeconds} it stops there and says how far it got, so that the
 * parent can extrapolate (and mark the figure as extrapolated).
 *
 * <p>Usage: {@code FirstEpoch NETWORK CONTESTANT BATCH CAP_SECONDS}; prints one line
 * {@code first-epoch images=N of=M train_seconds=S}, or {@code first-epoch error=...} and exit status 1.
 */
public final class FirstEpoch {
    private FirstEpoch() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: FirstEpoch NETWORK CONTESTANT BATCH CAP_SECONDS");
            System.exit(2);
        }
        String network = args[0];
        String key = args[1];
        int batch = Integer.parseInt(args[2]);
        double cap = Double.parseDouble(args[3]);
        try {
            run(network, key, batch, cap);
        } catch (RuntimeException | LinkageError e) {
            System.out.println("first-epoch error=" + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // DL4J's and PoCL's native threads must not keep the JVM alive
    }

    private static void run(String network, String key, int batch, double cap) {
        Dataset data = FashionMnist.train(null);
        int pixels = data.shape().intSize();
        int images = 0;
        long t0;
        try (Contestant c = Contestants.create(key, network, batch)) {
            t0 = System.nanoTime();
            long capAt = t0 + (long) (cap * 1e9);
            for (int first = 0; first < data.size() && System.nanoTime() < capAt; first += batch) {
                int n = Math.min(batch, data.size() - first);
                float[] x = Arrays.copyOfRange(data.images(), first * pixels, (first + n) * pixels);
                int[] y = Arrays.copyOfRange(data.labels(), first, first + n);
                c.trainStep(new Batch(x, y, n));
                images += n;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "first-epoch images=%d of=%d train_seconds=%.3f%n", images, data.size(), seconds);
    }
}
