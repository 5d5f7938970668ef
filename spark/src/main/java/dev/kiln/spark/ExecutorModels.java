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
 * serialisable, and building one (finding it on the class path, copying its weights, planning its
 * buffers) per task would be waste.
 *
 * <p>One entry per {@link Key}. An entry holds the weights once (parameters and running statistics)
 * and idle single-threaded backends: a task borrows one (a new one when every backend is busy, so
 * there are never more than the executor's concurrent tasks), runs its partition, and gives it back.
 * Each backend's pass runs on a pool of one worker, the task's own thread, so an executor with
 * {@code N} cores runs exactly {@code N} compute threads. A training task sets the whole
 * {@link ModelState} of its round on the backend it borrows, so what the entry holds does not matter there.
 */
public final class ExecutorModels {
    /**
     * What identifies a loaded model: a generated model and a fingerprint of its weights (their
     * SHA-256 for inference, the run's id for training, whose weights change every round).
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

    /** A backend of one worker for {@code key}, holding {@code weights} (asked for only when the entry is new). */
    static Lease borrow(Key key, Supplier<ModelState> weights) {
        return borrow(key, weights, OptimizerConfig.sgd().build());
    }

    /** As {@link #borrow(Key, Supplier)}, a new backend stepping with {@code optimizer} (training). */
    static Lease borrow(Key key, Supplier<ModelState> weights, OptimizerConfig optimizer) {
        Entry e = CACHE.computeIfAbsent(key, k -> new Entry(Models.find(k.modelName()), weights.get()));
        JavaBackend b = e.idle.pollFirst();
        if (b == null) {
            b = new JavaBackend(e.model, optimizer, new WorkerPool(1));
            e.created.incrementAndGet();
        }
        b.setParameters(e.weights.params());
        b.setState(e.weights.state());
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

    /** Drops the entry of a finished run or evaluation; its backends go with it. */
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
        final ModelState weights;
        final ConcurrentLinkedDeque<JavaBackend> idle = new ConcurrentLinkedDeque<>();
        final AtomicInteger created = new AtomicInteger();

        Entry(KilnModel model, ModelState weights) {
            this.model = model;
            this.weights = weights;
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
