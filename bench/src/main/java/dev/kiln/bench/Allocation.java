package dev.kiln.bench;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes allocated by every live thread of this JVM (HotSpot's per-thread TLAB accounting, the
 * same source as JMH's gc profiler). A thread that ends between two readings takes its bytes with
 * it, so the harness reads around windows in which the backends' worker pools stay alive.
 */
final class Allocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    /** What one {@link #allocatedBytes()} reading itself allocates (its id and result arrays): subtracted from every window. */
    static long readingOverhead() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long a = allocatedBytes();
            long b = allocatedBytes();
            least = Math.min(least, b - a);
        }
        return Math.max(0, least);
    }

    static long allocatedBytes() {
        long[] ids = THREADS.getAllThreadIds();
        long total = 0;
        for (long a : THREADS.getThreadAllocatedBytes(ids)) {
            if (a > 0) {
                total += a;
            }
        }
        return total;
    }
}
