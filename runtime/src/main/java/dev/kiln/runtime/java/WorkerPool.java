package dev.kiln.runtime.java;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that run one {@link Task} on every worker and wait for all of
 * them: the generated passes split a batch into one slice per worker. The caller's thread is
 * worker 0, so a pool of one worker starts no thread at all.
 *
 * <p>A dispatch allocates nothing (workers spin briefly, then park), so a training step stays
 * allocation-free. The number of workers is fixed for the pool's life, which keeps the slices,
 * and therefore every floating-point sum, the same from run to run: same inputs, same bits.
 * Dispatches are serialised, so passes on different threads may share one pool.
 */
public final class WorkerPool {
    /** Spins before a waiting thread parks: a few microseconds, enough for back-to-back dispatches. */
    private static final int SPINS = 2_000;

    /** One worker's share of a dispatch. */
    @FunctionalInterface
    public interface Task {
        /** Runs the share of worker {@code worker}, in {@code [0, workers())}. */
        void run(int worker);
    }

    private static final class Holder {
        static final WorkerPool SHARED = new WorkerPool(defaultWorkers());
    }

    private final int workers;
    private final Thread[] threads;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile int generation;
    private volatile Task task;
    private volatile Thread caller;
    private volatile Throwable failure;

    /** A pool of {@code workers} workers (the calling thread plus {@code workers - 1} daemon threads). */
    public WorkerPool(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 worker, got " + workers);
        }
        this.workers = workers;
        this.threads = new Thread[workers - 1];
        for (int i = 1; i < workers; i++) {
            int id = i;
            Thread t = new Thread(() -> loop(id), "kiln-java-" + id);
            t.setDaemon(true);
            threads[i - 1] = t;
            t.start();
        }
    }

    /** The pool every generated pass uses by default: {@code -Dkiln.threads=N}, else one worker per core. */
    public static WorkerPool shared() {
        return Holder.SHARED;
    }

    private static int defaultWorkers() {
        int cores = Runtime.getRuntime().availableProcessors();
        int n = Integer.getInteger("kiln.threads", cores);
        if (n < 1) {
            throw new IllegalArgumentException("-Dkiln.threads must be at least 1, got " + n);
        }
        return n;
    }

    public int workers() {
        return workers;
    }

    /** Runs {@code t.run(w)} for every worker {@code w} and returns when all have finished; rethrows the first failure. */
    public synchronized void run(Task t) {
        if (workers == 1) {
            t.run(0);
            return;
        }
        task = t;
        failure = null;
        caller = Thread.currentThread();
        remaining.set(workers - 1);
        generation++;
        for (Thread th : threads) {
            LockSupport.unpark(th);
        }
        Throwable own = null;
        try {
            t.run(0);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        int spins = 0;
        while (remaining.get() != 0) {
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        task = null;
        Throwable first = own != null ? own : failure;
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
        }
    }

    private void loop(int id) {
        int seen = 0;
        while (true) {
            int g;
            int spins = 0;
            while ((g = generation) == seen) {
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            try {
                task.run(id);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }
}
