package dev.kiln.bench.jmh;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of a sample on a Kiln backend, on random images: with {@code -prof gc} its
 * {@code gc.alloc.rate.norm} is the heap allocation per step (target 0 on the Java backend).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TrainStepBenchmark {
    @Param({"LeNet5:64", "FashionCnn:100"})
    public String networkAndBatch;

    @Param({"java"})
    public String backend;

    private Backend b;
    private float[] images;
    private int[] labels;
    private int batch;
    private long seed;

    @Setup(Level.Trial)
    public void setUp() {
        String[] nb = networkAndBatch.split(":");
        batch = Integer.parseInt(nb[1]);
        KilnModel model = ServiceLoader.load(KilnModel.class).stream().map(ServiceLoader.Provider::get)
                .filter(m -> m.spec().simpleName().equals(nb[0])).findFirst()
                .orElseThrow(() -> new IllegalStateException("no generated model " + nb[0] + " on the class path"));
        b = Backends.open(model, backend, -1, OptimizerConfig.adam().build(), null);
        b.plan(batch);
        b.setParameters(Initializers.initialize(model.spec(), 42));
        SplittableRandom rnd = new SplittableRandom(7);
        images = new float[batch * model.spec().input().intSize()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) rnd.nextDouble();
        }
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rnd.nextInt(model.spec().output().intSize());
        }
    }

    @Benchmark
    public double trainStep() {
        return b.trainStep(images, labels, null, batch, 1e-3, seed++, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        b.close();
    }
}
