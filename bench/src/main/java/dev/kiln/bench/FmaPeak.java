package dev.kiln.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's fp32 peak as a Java program reaches it: a loop of independent Vector API FMAs (16
 * accumulators, far more than the FMA latency times the pipes needs) at the preferred vector width, in a
 * child JVM with {@code jdk.incubator.vector}. One thread timed by its CPU time gives a core's peak (other
 * load on the machine takes turns, not FMAs, from it); one thread per core, each timed by its own CPU time
 * and the rates added, gives what all cores reach together (shared clocks or units would show there). The
 * best of several runs of each; the per-layer efficiencies are against these.
 *
 * <p>Prints {@code peak\tLANES\tCORE_GFLOPS\tALL_GFLOPS\tTHREADS}.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ITERATIONS = 20_000_000;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private FmaPeak() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        double core = 0;
        double all = 0;
        for (int round = 0; round < 6; round++) {
            long c0 = CPU.getCurrentThreadCpuTime();
            float sink = loop(ITERATIONS);
            double seconds = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
            if (round >= 2) {
                core = Math.max(core, flops(ITERATIONS) / seconds / 1e9);
            }
            float[] sinks = new float[threads];
            double[] cpu = new double[threads];
            Thread[] pool = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                pool[t] = new Thread(() -> {
                    long t0 = CPU.getCurrentThreadCpuTime();
                    sinks[id] = loop(ITERATIONS);
                    cpu[id] = (CPU.getCurrentThreadCpuTime() - t0) / 1e9;
                });
                pool[t].start();
            }
            double sum = 0;
            for (int t = 0; t < threads; t++) {
                pool[t].join();
                sum += flops(ITERATIONS) / cpu[t] / 1e9;
            }
            if (round >= 2) {
                all = Math.max(all, sum);
            }
            if (Float.isNaN(sink + sinks[0])) {
                System.out.println("impossible");
            }
        }
        System.out.println(String.format(Locale.ROOT, "peak\t%d\t%.3f\t%.3f\t%d", S.length(), core, all, threads));
    }

    private static double flops(long iterations) {
        return iterations * 16.0 * S.length() * 2;
    }

    /** 16 independent FMA chains; {@code a = a * m + c} converges (no overflow, no denormals). */
    static float loop(int iterations) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            b0 = b0.fma(m, c);
            b1 = b1.fma(m, c);
            b2 = b2.fma(m, c);
            b3 = b3.fma(m, c);
            b4 = b4.fma(m, c);
            b5 = b5.fma(m, c);
            b6 = b6.fma(m, c);
            b7 = b7.fma(m, c);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
                .add(b0).add(b1).add(b2).add(b3).add(b4).add(b5).add(b6).add(b7);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
