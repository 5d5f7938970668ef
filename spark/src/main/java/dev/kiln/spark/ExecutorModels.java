package dev.kiln.spark;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The models an executor JVM has loaded, kept for the JVM's life: generated models are not
 * serialisable, and building one (finding it on the class path, copying its parameters, planning
 * its buffers) per task would be waste.
 *
 * <p>One entry per {@link Key} (the model's qualified name and its weights' hash). An entry holds
 * the parameters once, and idle single-threaded backends: a task borrows one (a new one when every
 * backend is busy, so there are never more than the executor's concurrent tasks), runs its
 * partition, and gives it back. Each backend's pass runs on a pool of one worker, the task's own
 * thread, so an executor with {@code N} cores runs exactly {@code N} compute threads.
 */
public final class ExecutorModels {
    /**
     * What identifies a loaded model: a generated model and a fingerprint of its weights (the
     * checkpoint's SHA-256 for inference, the run id for training, whose weights change every step).
     */
    public record Key(String modelName, String weights) implements java.io.Serializable {
        public Key {
            Objects.requireNonNull(modelName);
            Objects.requireNonNull(weights);
        }
    }

    private static final Map<Key, Entry> CACHE = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /** A backend of one worker for {@code key}, its parameters set from {@code weights} when the entry is new. */
    static Lease borrow(Key key, Supplier<float[]> weights) {
        return borrow(key, weights, OptimizerConfig.sgd().build());
    }

    /** As {@link #borrow(Key, Supplier)}, a new backend stepping with {@code optimizer} (training). */
    static Lease borrow(Key key, Supplier<float[]> weights, OptimizerConfig optimizer) {
        Entry e = CACHE.computeIfAbsent(key, k -> new Entry(Models.find(k.modelName()), weights.get()));
        JavaBackend b = e.idle.pollFirst();
        if (b == null) {
            b = new JavaBackend(e.model, optimizer, new WorkerPool(1));
            b.setParameters(e.params);
            e.created.incrementAndGet();
        }
        return new Lease(e, b);
    }

    /** How many entries this JVM holds (tests). */
    static int entries() {
        return CACHE.size();
    }

    /** How many backends the entry for {@code key} has built, 0 when there is none (tests). */
    static int backendsBuilt(Key key) {
        Entry e = CACHE.get(key);
        return e == null ? 0 : e.created.get();
    }

    /** Drops the entries of a finished training run; the backends go with them. */
    static void forget(Key key) {
        Entry e = CACHE.remove(key);
        if (e != null) {
            JavaBackend b;
            while ((b = e.idle.pollFirst()) != null) {
                b.close();
            }
        }
    }

    private static final class Entry {
        final KilnModel model;
        final float[] params;
        final ConcurrentLinkedDeque<JavaBackend> idle = new ConcurrentLinkedDeque<>();
        final AtomicInteger created = new AtomicInteger();

        Entry(KilnModel model, float[] params) {
            this.model = model;
            this.params = params;
        }
    }

    /** A borrowed backend; closing gives it back. */
    static final class Lease implements AutoCloseable {
        private final Entry entry;
        final JavaBackend backend;

        private Lease(Entry entry, JavaBackend backend) {
            this.entry = entry;
            this.backend = backend;
        }

        KilnModel model() {
            return entry.model;
        }

        @Override
        public void close() {
            entry.idle.addFirst(backend);
        }
    }
}
