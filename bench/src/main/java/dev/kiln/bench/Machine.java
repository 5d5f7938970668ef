package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * This machine as {@code /proc/cpuinfo} describes it, and its fp32 peak: cores x FMA units x SIMD
 * lanes x 2 (an FMA is two flops) x clock. Lanes come from the flags (16 with AVX-512F, 8 with
 * AVX/AVX2, 4 with SSE); cpuinfo cannot say how many FMA pipes a core has, so 2 is assumed (Intel
 * since Haswell and AMD since Zen 2 have two 256-bit FMA pipes) and {@code -Dbench.fmaUnits}
 * overrides it. The clock is cpuinfo's "cpu MHz" (a virtual machine reports its nominal clock;
 * turbo is not counted), overridable with {@code -Dbench.ghz}.
 */
record Machine(String model, int cores, Set<String> flags, double ghz, int fmaUnits, int lanes, String memory) {

    static Machine read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            lines = List.of();
        }
        String model = field(lines, "model name", System.getProperty("os.arch"));
        double mhz = Double.parseDouble(field(lines, "cpu MHz", "0"));
        Set<String> flags = Set.of(field(lines, "flags", "").split("\\s+"));
        int lanes = flags.contains("avx512f") ? 16 : flags.contains("avx2") || flags.contains("avx") ? 8 : 4;
        int fmaUnits = Integer.getInteger("bench.fmaUnits", 2);
        double ghz = Double.parseDouble(System.getProperty("bench.ghz", Double.toString(mhz / 1000)));
        return new Machine(model, Runtime.getRuntime().availableProcessors(), flags, ghz, fmaUnits, lanes, memTotal());
    }

    private static String field(List<String> lines, String name, String otherwise) {
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).trim().equals(name)) {
                return l.substring(colon + 1).trim();
            }
        }
        return otherwise;
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** Flops per FMA: 2, or 1 when the CPU has no FMA (a multiply and an add in separate pipes then also peak at 2 per lane, but we do not assume that). */
    int flopsPerLane() {
        return flags.contains("fma") || flags.contains("avx512f") ? 2 : 1;
    }

    double peakGflops() {
        return cores * fmaUnits * lanes * flopsPerLane() * ghz;
    }

    String vectorIsa() {
        return flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : flags.contains("avx") ? "AVX" : "SSE";
    }

    /** The peak's arithmetic spelled out, e.g. {@code 2 cores x 2 FMA units x 8 lanes (AVX2) x 2 flops x 2.445 GHz = 156.5 GFLOP/s}. */
    String peakFormula() {
        return String.format(Locale.ROOT, "%d cores x %d FMA units x %d fp32 lanes (%s) x %d flops x %.3f GHz = %.1f GFLOP/s",
                cores, fmaUnits, lanes, vectorIsa(), flopsPerLane(), ghz, peakGflops());
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
