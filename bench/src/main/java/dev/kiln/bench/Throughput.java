package dev.kiln.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Steady-state throughput measured in short chunks: a warm-up (JIT, OpenCL program caches, DL4J
 * workspaces, libtorch's allocator), then chunks of whole steps, each about {@code chunkSeconds}
 * long. For every chunk {@link Contamination} tells how much CPU other processes took; chunks where
 * they took more than {@code maxOthersCores} are dropped. Measuring goes on until the clean chunks
 * add up to {@code windowSeconds}, or until {@code windowSeconds x patience} have passed, whichever
 * comes first; the figure is the clean chunks' images over their time.
 */
final class Throughput {
    private Throughput() {
    }

    /** How one measurement is taken. */
    record Plan(double warmupSeconds, double windowSeconds, double chunkSeconds, double maxOthersCores, double patience) {
    }

    /** One chunk: images, seconds, and the cores' worth of CPU other processes used meanwhile. */
    record Chunk(long images, double seconds, double othersCores) {
    }

    /**
     * @param imagesPerSecond clean images over clean seconds, NaN when every chunk was dropped
     * @param bytesPerStep    heap bytes allocated per step by all threads (every chunk: allocation does not depend on load)
     * @param chunks          chunks measured
     * @param dropped         chunks dropped as contaminated
     */
    record Result(double imagesPerSecond, long steps, double bytesPerStep, int chunks, int dropped, double cleanSeconds) {
    }

    /** The figure from a list of chunks (pure: the harness's filter, tested on its own). */
    static Result summarise(List<Chunk> chunks, double maxOthersCores, long steps, double bytesPerStep) {
        long images = 0;
        double seconds = 0;
        int dropped = 0;
        for (Chunk c : chunks) {
            if (Contamination.isClean(c.othersCores(), maxOthersCores)) {
                images += c.images();
                seconds += c.seconds();
            } else {
                dropped++;
            }
        }
        double rate = seconds > 0 ? images / seconds : Double.NaN;
        return new Result(rate, steps, bytesPerStep, chunks.size(), dropped, seconds);
    }

    static Result training(Contestant c, Batch[] batches, Plan plan) {
        return run(c, batches, plan, true);
    }

    static Result inference(Contestant c, Batch[] batches, Plan plan) {
        return run(c, batches, plan, false);
    }

    /**
     * Steps of warm-up at least, whatever the warm-up's seconds: a 224x224 network's step takes seconds, and a few seconds of
     * them left Kiln's Vector API kernels to the interpreter (ResNet-18 training at 2.6 images/s and 337 MB allocated per step
     * in a first round, under load).
     */
    static final int WARM_STEPS = 5;

    private static Result run(Contestant c, Batch[] batches, Plan plan, boolean training) {
        int next = 0;
        long warmEnd = System.nanoTime() + (long) (plan.warmupSeconds() * 1e9);
        int warmed = 0;
        do {
            step(c, batches[next], training);
            next = (next + 1) % batches.length;
            warmed++;
        } while (System.nanoTime() < warmEnd || warmed < WARM_STEPS);

        int cpus = Contamination.cpus();
        List<Chunk> chunks = new ArrayList<>();
        long overhead = Allocation.readingOverhead();
        long bytes = 0;
        long steps = 0;
        double clean = 0;
        long started = System.nanoTime();
        long giveUp = started + (long) (plan.windowSeconds() * plan.patience() * 1e9);
        long chunkNanos = (long) (plan.chunkSeconds() * 1e9);
        while (clean < plan.windowSeconds() && System.nanoTime() < giveUp) {
            Contamination.Ticks before = Contamination.read();
            long bytes0 = Allocation.allocatedBytes();
            long t0 = System.nanoTime();
            long end = t0 + chunkNanos;
            long images = 0;
            long t;
            do {
                Batch b = batches[next];
                step(c, b, training);
                images += b.size();
                steps++;
                next = (next + 1) % batches.length;
                t = System.nanoTime();
            } while (t < end);
            bytes += Math.max(0, Allocation.allocatedBytes() - bytes0 - overhead);
            Contamination.Ticks after = Contamination.read();
            double others = before == null || after == null ? 0 : Contamination.othersCores(before, after, cpus);
            Chunk chunk = new Chunk(images, (t - t0) / 1e9, others);
            chunks.add(chunk);
            if (Contamination.isClean(others, plan.maxOthersCores())) {
                clean += chunk.seconds();
            }
        }
        return summarise(chunks, plan.maxOthersCores(), steps, steps == 0 ? 0 : (double) bytes / steps);
    }

    private static void step(Contestant c, Batch b, boolean training) {
        if (training) {
            c.trainStep(b);
        } else {
            c.predict(b);
        }
    }
}
