package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU <em>other</em> processes took while a chunk was being measured: the machine's busy
 * time from {@code /proc/stat} minus this process's own time from {@code /proc/self/stat}, over the
 * machine's total time, in cores. A native thread pool (OpenMP, libtorch) collapses when another
 * process takes one of its cores, so a chunk during which others used more than a small threshold
 * says more about them than about the contestant, and the harness drops it.
 *
 * <p>The arithmetic is in pure functions ({@link #parseMachine}, {@link #parseSelf}, {@link #othersCores},
 * {@link #isClean}), tested without {@code /proc}.
 */
final class Contamination {
    private Contamination() {
    }

    /**
     * Cumulative clock ticks (USER_HZ) at one instant.
     *
     * @param busy  ticks all CPUs spent on anything but idle and I/O wait (steal included: the
     *              hypervisor giving our cores to another guest is contamination too)
     * @param total busy + idle + I/O wait, all CPUs
     * @param self  user + system ticks of this process (all its threads, native ones included)
     */
    record Ticks(long busy, long total, long self) {
    }

    /** The {@code cpu } line of /proc/stat: {@code cpu user nice system idle iowait irq softirq steal guest guest_nice}. */
    static long[] parseMachine(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long user = Long.parseLong(f[1]);
                long nice = Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]);
                long idle = Long.parseLong(f[4]);
                long iowait = f.length > 5 ? Long.parseLong(f[5]) : 0;
                long irq = f.length > 6 ? Long.parseLong(f[6]) : 0;
                long softirq = f.length > 7 ? Long.parseLong(f[7]) : 0;
                long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                // guest and guest_nice are already counted in user and nice
                long busy = user + nice + system + irq + softirq + steal;
                return new long[] {busy, busy + idle + iowait};
            }
        }
        throw new IllegalArgumentException("no 'cpu ' line in /proc/stat");
    }

    /** utime + stime (fields 14 and 15) of /proc/[pid]/stat; the command name in parentheses may hold spaces. */
    static long parseSelf(String procSelfStat) {
        int close = procSelfStat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/[pid]/stat line: " + procSelfStat);
        }
        // after ") " come field 3 (state) onwards: utime is field 14, i.e. index 11 here
        String[] f = procSelfStat.substring(close + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * Cores' worth of CPU that other processes used between {@code a} and {@code b}: (busy − self) /
     * total × cpus, never below 0 (the two counters are sampled differently and may disagree by a tick).
     */
    static double othersCores(Ticks a, Ticks b, int cpus) {
        long total = b.total() - a.total();
        if (total <= 0) {
            return 0;
        }
        long others = (b.busy() - a.busy()) - (b.self() - a.self());
        return Math.max(0, (double) others / total * cpus);
    }

    /** A chunk is clean when others used at most {@code maxOthersCores} cores' worth during it. */
    static boolean isClean(double othersCores, double maxOthersCores) {
        return othersCores <= maxOthersCores;
    }

    /** The counters now, or null where /proc cannot be read (not Linux): then every chunk counts as clean. */
    static Ticks read() {
        try {
            long[] m = parseMachine(Files.readString(Path.of("/proc/stat")));
            long self = parseSelf(Files.readString(Path.of("/proc/self/stat")));
            return new Ticks(m[0], m[1], self);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The number of CPUs /proc/stat sums over (online CPUs), which may exceed the cores this JVM may use. */
    static int cpus() {
        try {
            return (int) Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.matches("cpu\\d+ .*")).count();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
