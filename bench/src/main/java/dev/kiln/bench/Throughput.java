package dev.kiln.bench;

/**
 * Steady-state throughput: run for a warm-up period (JIT, OpenCL program caches, DL4J workspaces),
 * then count images over a timed window. The window ends at the first step boundary after its
 * nominal length, so the figure is whole steps over their measured time.
 */
final class Throughput {
    private Throughput() {
    }

    /** Images per second and heap bytes allocated per step (all threads) over the window. */
    record Result(double imagesPerSecond, long steps, double bytesPerStep) {
    }

    static Result training(Contestant c, Batch[] batches, double warmupSeconds, double windowSeconds) {
        return run(c, batches, warmupSeconds, windowSeconds, true);
    }

    static Result inference(Contestant c, Batch[] batches, double warmupSeconds, double windowSeconds) {
        return run(c, batches, warmupSeconds, windowSeconds, false);
    }

    private static Result run(Contestant c, Batch[] batches, double warmupSeconds, double windowSeconds, boolean training) {
        int next = 0;
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            step(c, batches[next], training);
            next = (next + 1) % batches.length;
        } while (System.nanoTime() < warmEnd);

        long images = 0;
        long steps = 0;
        long overhead = Allocation.readingOverhead();
        long bytes0 = Allocation.allocatedBytes();
        long t0 = System.nanoTime();
        long end = t0 + (long) (windowSeconds * 1e9);
        long t;
        do {
            Batch b = batches[next];
            step(c, b, training);
            images += b.size();
            steps++;
            next = (next + 1) % batches.length;
            t = System.nanoTime();
        } while (t < end);
        long bytes = Math.max(0, Allocation.allocatedBytes() - bytes0 - overhead);
        return new Result(images / ((t - t0) / 1e9), steps, (double) bytes / steps);
    }

    private static void step(Contestant c, Batch b, boolean training) {
        if (training) {
            c.trainStep(b);
        } else {
            c.predict(b);
        }
    }
}
