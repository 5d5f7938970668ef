package dev.kiln.processor.javagen;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** Bytes allocated by the calling thread and the Java pool's workers ({@code kiln-java-N}) while a task runs. */
final class AllocationCounter {
    private AllocationCounter() {
    }

    static long during(Runnable task) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("kiln-java-")) {
                ids.add(t.getId());
            }
        }
        long[] before = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            before[i] = mx.getThreadAllocatedBytes(ids.get(i));
        }
        task.run();
        long allocated = 0;
        for (int i = 0; i < ids.size(); i++) {
            allocated += mx.getThreadAllocatedBytes(ids.get(i)) - before[i];
        }
        return allocated;
    }
}
