package dev.kiln.processor.opencl;

import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The optimiser kernels against the reference optimiser: four steps of SGD (momentum, Nesterov,
 * weight decay) and of Adam (with weight decay), each step's gradients from the double reference
 * at the parameters the OpenCL backend holds, the update from {@link Optimizer} on floats; each
 * parameter tensor compared on its own scale ({@link Parity#compareEachTensor}).
 */
class OptimizerParityTest {

    @BeforeEach
    void openCl() {
        OpenClTestSupport.requireOpenCl();
    }

    @Test
    void sgdWithNesterovMomentumAndWeightDecay() {
        check(OptimizerConfig.sgd().momentum(0.9).nesterov(true).weightDecay(1e-2).build(), 0.05);
    }

    @Test
    void sgdWithMomentum() {
        check(OptimizerConfig.sgd().momentum(0.5).build(), 0.05);
    }

    @Test
    void adamWithWeightDecay() {
        check(OptimizerConfig.adam().betas(0.8, 0.95).epsilon(1e-6).weightDecay(1e-2).build(), 1e-2);
    }

    private static void check(OptimizerConfig config, double lr) {
        NetworkSpec spec = Networks.imageToImage();
        int batch = 2;
        Random r = new Random(3);
        float[] params = Initializers.initialize(spec, 3);
        float[] input = new float[batch * spec.input().intSize()];
        float[] targets = new float[batch * spec.output().intSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = r.nextFloat();
            targets[i] = r.nextFloat();
        }
        ReferenceNetwork ref = new ReferenceNetwork(spec);
        Optimizer expected = new Optimizer(config, params.length);
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(spec, GeneratedPrograms.load(spec), -1, config)) {
            b.setParameters(params);
            float[] current = params.clone();
            for (int step = 1; step <= 4; step++) {
                double[] grads = ref.gradients(Parity.toDouble(current), Parity.toDouble(input), batch, null,
                        Parity.toDouble(targets), true, step).params();
                float[] g = new float[grads.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) grads[i];
                }
                expected.step(current, g, lr);
                b.trainStep(input, null, targets, batch, lr, step, null);
                float[] actual = new float[params.length];
                b.getParameters(actual);
                Parity.compareEachTensor(spec, config.kind() + " parameters after step " + step, actual,
                        Parity.toDouble(current), spec.params());
                current = actual; // the next gradients are taken where the backend is
            }
        }
    }
}
