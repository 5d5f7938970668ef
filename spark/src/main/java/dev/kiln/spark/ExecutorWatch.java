package dev.kiln.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Says what a cluster application waits for instead of waiting silently: once a job has waited
 * {@value #PATIENCE_SECONDS} s with no executor running (none started yet, or all lost), one line
 * naming the master and what an executor asks for, repeated every minute while it lasts; and one line
 * per executor lost, with Spark's reason.
 */
final class ExecutorWatch extends SparkListener implements AutoCloseable {
    static final int PATIENCE_SECONDS = 30;

    private final String master;
    private final String wants;
    private final PrintStream out;
    private final AtomicInteger executors = new AtomicInteger();
    private final AtomicInteger jobs = new AtomicInteger();
    private volatile long idleSince = System.nanoTime();
    private final Thread thread;
    private volatile boolean closed;

    /** @param wants what one executor asks of a worker, e.g. {@code 2 cores and 1g of memory} */
    ExecutorWatch(String master, String wants, PrintStream out) {
        this.master = master;
        this.wants = wants;
        this.out = out;
        this.thread = new Thread(this::watch, "kiln-executor-watch");
        thread.setDaemon(true);
        thread.start();
    }

    int executors() {
        return executors.get();
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded added) {
        if (executors.incrementAndGet() == 1) {
            idleSince = Long.MAX_VALUE;
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        if (executors.decrementAndGet() == 0) {
            idleSince = System.nanoTime();
        }
        if (!closed) {
            out.printf(Locale.ROOT, "kiln: lost Spark executor %s (%s); Spark runs its tasks again elsewhere%n",
                    removed.executorId(), removed.reason());
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        jobs.incrementAndGet();
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        jobs.decrementAndGet();
    }

    private void watch() {
        long lastSaid = 0;
        while (!closed) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long since = idleSince;
            long now = System.nanoTime();
            if (jobs.get() > 0 && executors.get() == 0 && since != Long.MAX_VALUE
                    && now - since > PATIENCE_SECONDS * 1_000_000_000L && now - lastSaid > 60_000_000_000L) {
                lastSaid = now;
                out.printf(Locale.ROOT, "kiln: no Spark executor has run for %d s: the job waits for %s to give one (%s)."
                        + " Check its web page for a live worker with those resources free, or stop with Ctrl-C%n",
                        (now - since) / 1_000_000_000L, master, wants);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
