package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.fixtures.TorchCases.TorchCase;
import dev.kiln.runtime.fixtures.TorchCases;
import dev.kiln.runtime.java.JavaPass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated Java on PyTorch's float64 batch-norm fixtures ({@link TorchCases}): training-mode
 * outputs of every layer, running statistics (unbiased variance, num_batches_tracked + 1), loss,
 * parameter and input gradients, then the evaluation-mode output with the updated statistics.
 *
 * <p>Every element is held to its own bound ({@link TorchCases#floatBounds}): what float arithmetic may
 * cost there by the reference's error scale, plus how far rounding the case to float moves it (the
 * double reference at both), so a small tensor's error cannot hide under a large one's scale, and a
 * gradient that cancels (a conv bias before batch norm) is judged by the size of its terms. A wrong
 * variance (biased for unbiased), eps or momentum moves values by 1e-2 or more. The loss is compared
 * with {@code 1e-4 |loss| + 1e-5}.
 */
class JavaPassTorchCasesTest {
    private static final double LOSS_RTOL = 1e-4;
    private static final double LOSS_ATOL = 1e-5;
    private static GeneratedPasses compiled;

    static List<TorchCase> cases() {
        return TorchCases.all();
    }

    @BeforeAll
    static void compile() {
        compiled = GeneratedPasses.compile(cases().stream().map(TorchCase::spec).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theGeneratedJavaComputesWhatPyTorchComputed(TorchCase c) {
        TorchCases.Bounds bounds = TorchCases.floatBounds(c);
        JavaPass pass = compiled.newPass(c.spec());
        pass.plan(c.batch());
        float[] state = pass.state();
        System.arraycopy(TorchCases.narrow(c.stateBefore()), 0, state, 0, state.length);
        float[] params = TorchCases.narrow(c.params());
        float[] targets = c.targets() == null ? null : TorchCases.narrow(c.targets());
        pass.forward(params, TorchCases.narrow(c.input()), c.batch(), true, 0);
        for (Map.Entry<Integer, double[]> e : c.trainOutputs().entrySet()) {
            TorchCases.checkWithin(c + ": training output of " + c.spec().layers().get(e.getKey()).name(),
                    TorchCases.widen(pass.layerOutput(e.getKey())), e.getValue(), bounds.trainOutputs().get(e.getKey()), null);
        }
        TorchCases.checkWithin(c + ": running statistics after the step", TorchCases.widen(pass.state()), c.stateAfter(),
                bounds.state(), c.spec().state());
        double loss = pass.loss(c.labels(), targets, c.batch());
        if (!Double.isNaN(c.loss())) {
            assertEquals(c.loss(), loss, LOSS_RTOL * Math.abs(c.loss()) + LOSS_ATOL, c + ": loss");
        }
        float[] grads = new float[c.spec().parameterCount()];
        float[] inputGrad = new float[c.input().length];
        pass.backward(params, grads, inputGrad, c.batch());
        TorchCases.checkWithin(c + ": parameter gradients", TorchCases.widen(grads), c.paramGrads(), bounds.params(),
                c.spec().params());
        TorchCases.checkWithin(c + ": input gradient", TorchCases.widen(inputGrad), c.inputGrad(), bounds.input(), null);
        pass.forward(params, TorchCases.narrow(c.input()), c.batch(), false, 0);
        TorchCases.checkWithin(c + ": evaluation-mode output", TorchCases.widen(pass.output()), c.evalOutput(), bounds.eval(),
                null);
    }
}
