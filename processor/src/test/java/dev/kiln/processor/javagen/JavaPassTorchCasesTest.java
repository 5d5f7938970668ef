package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.fixtures.TorchCases;
import dev.kiln.runtime.fixtures.TorchCases.TorchCase;
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
 * <p>Tolerance {@code 1e-4 |expected| + atol * max|expected|} with atol 1e-5 for values and 1e-4
 * for gradients, as the other float-versus-double comparisons: the inputs are rounded to float32
 * (relative 6e-8) and every sum here has at most 100 terms, so a correct float computation stays
 * within about 1e-5 relative; batch norm's input gradient is a difference of sums
 * ({@code m dy - sum dy - xhat sum(dy xhat)}) that cancels, so its error is judged on the
 * vector's scale. A wrong variance (biased for unbiased), eps or momentum moves values by 1e-2
 * or more.
 */
class JavaPassTorchCasesTest {
    private static final double RTOL = 1e-4;
    private static final double VALUE_ATOL = 1e-5;
    private static final double GRADIENT_ATOL = 1e-4;
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
        JavaPass pass = compiled.newPass(c.spec());
        pass.plan(c.batch());
        float[] state = pass.state();
        System.arraycopy(TorchCases.narrow(c.stateBefore()), 0, state, 0, state.length);
        float[] params = TorchCases.narrow(c.params());
        float[] targets = c.targets() == null ? null : TorchCases.narrow(c.targets());
        pass.forward(params, TorchCases.narrow(c.input()), c.batch(), true, 0);
        for (Map.Entry<Integer, double[]> e : c.trainOutputs().entrySet()) {
            TorchCases.check(c + ": training output of " + c.spec().layers().get(e.getKey()).name(),
                    TorchCases.widen(pass.layerOutput(e.getKey())), e.getValue(), RTOL, VALUE_ATOL);
        }
        TorchCases.check(c + ": running statistics after the step", TorchCases.widen(pass.state()), c.stateAfter(), RTOL,
                VALUE_ATOL);
        double loss = pass.loss(c.labels(), targets, c.batch());
        if (!Double.isNaN(c.loss())) {
            assertEquals(c.loss(), loss, RTOL * Math.abs(c.loss()) + VALUE_ATOL, c + ": loss");
        }
        float[] grads = new float[c.spec().parameterCount()];
        float[] inputGrad = new float[c.input().length];
        pass.backward(params, grads, inputGrad, c.batch());
        TorchCases.check(c + ": parameter gradients", TorchCases.widen(grads), c.paramGrads(), RTOL, GRADIENT_ATOL);
        TorchCases.check(c + ": input gradient", TorchCases.widen(inputGrad), c.inputGrad(), RTOL, GRADIENT_ATOL);
        pass.forward(params, TorchCases.narrow(c.input()), c.batch(), false, 0);
        TorchCases.check(c + ": evaluation-mode output", TorchCases.widen(pass.output()), c.evalOutput(), RTOL, VALUE_ATOL);
    }
}
