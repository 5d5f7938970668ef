package dev.kiln.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The fp32 rate this machine's cores reach on an FMA loop ({@link FmaPeak}, run in a child JVM with the
 * Vector API): per core (one thread, its CPU time) and on all cores together (wall-clock). The per-layer
 * efficiencies and the goals are against these, not against a peak computed from cpuinfo.
 */
record MeasuredPeak(int lanes, double coreGflops, double allGflops, int threads) {

    /** Runs {@link FmaPeak} in a child JVM; null (and a log line) where it failed. */
    static MeasuredPeak measure() {
        ProcessBuilder pb = ChildJvm.builder("kiln-java", FmaPeak.class.getName());
        try {
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            MeasuredPeak peak = parse(out);
            if (peak == null) {
                BenchMain.log("FMA peak: no result: " + out.strip());
            }
            return peak;
        } catch (IOException e) {
            BenchMain.log("FMA peak: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    static MeasuredPeak parse(String out) {
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 5 && f[0].equals("peak")) {
                return new MeasuredPeak(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Integer.parseInt(f[4]));
            }
        }
        return null;
    }

    /**
     * All cores' peak the efficiencies are against: the loop on every core at once, or, where that came out more than 10% below
     * {@code threads} times one core's rate (other load on the machine disturbed it), that product, so that an efficiency is
     * not overstated.
     */
    double allCoresGflops() {
        return allGflops >= 0.9 * coreGflops * threads ? allGflops : coreGflops * threads;
    }

    String describe() {
        String s = String.format(Locale.ROOT, "%.1f GFLOP/s per core (one thread, its CPU time), %.1f GFLOP/s on %d threads at once"
                + " (each thread's CPU time, rates added); %d fp32 lanes, 16 independent FMA chains, Vector API", coreGflops, allGflops,
                threads, lanes);
        if (allCoresGflops() != allGflops) {
            s += String.format(Locale.ROOT, "; the all-core figure is more than 10%% below %d x one core's, so other load disturbed it: the all-core"
                    + " %% of peak below are against %d x one core's, %.1f GFLOP/s", threads, threads, allCoresGflops());
        }
        return s;
    }
}
