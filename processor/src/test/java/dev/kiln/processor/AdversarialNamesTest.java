package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.spec.NetworkSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every legal Java field name works: a spec whose layers are named after OpenCL built-ins
 * ({@code mix}, {@code max}, {@code sin}), keywords ({@code kernel}), the generated code's own
 * identifiers ({@code params}, {@code n}, {@code worker}, {@code in}, {@code out}), names that differ
 * by a generated suffix ({@code c1} and {@code c1Weight}, {@code a} and {@code aGrad}), a dollar
 * sign and Unicode compiles through the processor, and its Java pass trains step for step as the
 * reference does. (Its OpenCL program is checked by the OpenCL parity suite.)
 */
class AdversarialNamesTest {

    @Test
    void compilesAndTrainsLikeTheReference() {
        Compilation c = Kiln.compile("good/AdversarialNames.java");
        assertThat(c).succeededWithoutWarnings();
        KilnModel model = new GeneratedClasses(c).model("good.AdversarialNamesModel");
        NetworkSpec spec = model.spec();
        assertEquals(16, spec.layers().size());
        OptimizerConfig sgd = OptimizerConfig.sgd().momentum(0.9).build();
        int batch = 5;
        try (JavaBackend java = new JavaBackend(model, sgd); ReferenceBackend ref = new ReferenceBackend(spec, sgd)) {
            float[] start = Initializers.initialize(spec, 3);
            java.setParameters(start);
            ref.setParameters(start);
            java.plan(batch);
            ref.plan(batch);
            SplittableRandom r = new SplittableRandom(9);
            float[] input = new float[batch * spec.input().intSize()];
            int[] labels = new int[batch];
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < input.length; i++) {
                    input[i] = (float) r.nextDouble();
                }
                for (int i = 0; i < batch; i++) {
                    labels[i] = r.nextInt(3);
                }
                double lj = java.trainStep(input, labels, null, batch, 0.05, step, null);
                double lr = ref.trainStep(input, labels, null, batch, 0.05, step, null);
                assertEquals(lr, lj, 1e-4 * Math.abs(lr) + 1e-5, "loss of step " + step);
            }
            float[] pj = new float[spec.parameterCount()];
            float[] pr = new float[spec.parameterCount()];
            java.getParameters(pj);
            ref.getParameters(pr);
            assertArrayEquals(pr, pj, 1e-4f);
            float[] sj = new float[spec.stateCount()];
            float[] sr = new float[spec.stateCount()];
            java.getState(sj);
            ref.getState(sr);
            assertArrayEquals(sr, sj, 1e-4f);
            assertEquals(3, sj[spec.state().get(2).offset()], "num_batches_tracked of aGrad");
        }
    }
}
