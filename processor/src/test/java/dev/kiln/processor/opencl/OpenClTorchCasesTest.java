package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.fixtures.TorchCases.TorchCase;
import dev.kiln.runtime.fixtures.TorchCases;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenCL backend on PyTorch's float64 batch-norm fixtures ({@link TorchCases}): a training
 * step (learning rate 0) gives PyTorch's training-mode output, loss, running statistics
 * (unbiased variance, num_batches_tracked + 1) and parameter gradients, and the evaluation-mode
 * output after it uses the updated statistics. The backend does not expose the input gradient
 * (the generated Java's test checks it). Every element within its own bound, as in
 * {@code JavaPassTorchCasesTest} ({@link TorchCases#floatBounds}).
 */
class OpenClTorchCasesTest {
    private static final double LOSS_RTOL = 1e-4;
    private static final double LOSS_ATOL = 1e-5;

    @BeforeEach
    void openCl() {
        OpenClTestSupport.requireOpenCl();
    }

    static List<TorchCase> cases() {
        return TorchCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theOpenClBackendComputesWhatPyTorchComputed(TorchCase c) {
        TorchCases.Bounds bounds = TorchCases.floatBounds(c);
        int batch = c.batch();
        int outSize = c.spec().output().intSize();
        int last = c.spec().layers().size() - 1;
        float[] input = TorchCases.narrow(c.input());
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(c.spec(), GeneratedPrograms.load(c.spec()), -1,
                OptimizerConfig.sgd().build())) {
            b.plan(batch);
            b.setParameters(TorchCases.narrow(c.params()));
            b.setState(TorchCases.narrow(c.stateBefore()));
            float[] out = new float[batch * outSize];
            int[] labels = c.labels() == null ? new int[batch] : c.labels();
            float[] targets = c.targets() == null ? new float[batch * outSize] : TorchCases.narrow(c.targets());
            double loss = b.trainStep(input, labels, targets, batch, 0, 0, out);
            TorchCases.checkWithin(c + ": training output", TorchCases.widen(out), c.trainOutputs().get(last),
                    bounds.trainOutputs().get(last), null);
            if (!Double.isNaN(c.loss())) {
                assertEquals(c.loss(), loss, LOSS_RTOL * Math.abs(c.loss()) + LOSS_ATOL, c + ": loss");
            }
            float[] state = new float[c.spec().stateCount()];
            b.getState(state);
            TorchCases.checkWithin(c + ": running statistics after the step", TorchCases.widen(state), c.stateAfter(),
                    bounds.state(), c.spec().state());
            float[] grads = new float[c.spec().parameterCount()];
            b.readGradients(grads);
            TorchCases.checkWithin(c + ": parameter gradients", TorchCases.widen(grads), c.paramGrads(), bounds.params(),
                    c.spec().params());
            b.predict(input, batch, out);
            TorchCases.checkWithin(c + ": evaluation-mode output", TorchCases.widen(out), c.evalOutput(), bounds.eval(), null);
        }
    }
}
