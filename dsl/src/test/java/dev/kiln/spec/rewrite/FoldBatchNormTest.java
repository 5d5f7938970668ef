package dev.kiln.spec.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.AddOp;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.DenseOp;
import dev.kiln.spec.FlattenOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import dev.kiln.spec.rewrite.Rewrite.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The folding pass on hand-built graphs: which pairs fold, how the graph is rewired, and the parameter transform. */
class FoldBatchNormTest {
    private static final Shape IN = Shape.of(1, 3, 3);

    private static Conv2dOp conv(String name, String from, Shape in, boolean bias, Activation activation) {
        return new Conv2dOp(name, from, in, 2, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, bias,
                activation, Init.DEFAULT);
    }

    private static BatchNormOp norm(String name, String from, Shape in, Activation activation) {
        return new BatchNormOp(name, from, in, 1.0, 0.1, activation);
    }

    private static NetworkSpec spec(List<Op> ops) {
        return new NetworkSpec("t.Fold", IN, Loss.MEAN_SQUARED_ERROR, ops);
    }

    /** conv, norm (ReLU), flatten, dense: the conv takes the norm's place and activation, the flatten reads the conv. */
    @Test
    void aConvAndTheNormAfterItBecomeOneConvWithTheNormsActivation() {
        Conv2dOp c = conv("c", "input", IN, false, Activation.NONE);
        BatchNormOp n = norm("n", "c", c.output(), Activation.RELU);
        FlattenOp f = new FlattenOp("f", "n", n.output());
        DenseOp d = new DenseOp("d", "f", f.output(), 2, true, Activation.NONE, Init.DEFAULT);
        NetworkSpec original = spec(List.of(c, n, f, d));
        Rewrite r = FoldBatchNorm.apply(original);

        assertEquals(List.of("c", "f", "d"), r.spec().layers().stream().map(Op::name).toList());
        Conv2dOp fused = r.spec().layer("c", Conv2dOp.class);
        assertTrue(fused.bias(), "the folded bias");
        assertEquals(Activation.RELU, fused.activation());
        assertEquals(c.window(), fused.window());
        assertEquals(List.of("c"), r.spec().layer("f").inputs());
        assertEquals(List.of(new Source.Folded(new Fold(original, 0, 1)), new Source.Kept(2), new Source.Kept(3)), r.sources());
        assertEquals(1, r.originalOutput(0), "the fused conv computes what the norm did");
        assertEquals(3, r.originalOutput(2));
        assertEquals(0, r.spec().stateCount(), "no running statistics are left");
        // c.weight (2), c.bias (2), d.weight (2 x 18), d.bias (2)
        assertEquals(2 + 2 + 36 + 2, r.spec().parameterCount());
    }

    /** A dense layer folds its BatchNorm1d the same way. */
    @Test
    void aDenseLayerFoldsTheNormAfterIt() {
        FlattenOp f = new FlattenOp("f", "input", IN);
        DenseOp h = new DenseOp("h", "f", f.output(), 4, true, Activation.NONE, Init.DEFAULT);
        BatchNormOp n = norm("n", "h", h.output(), Activation.TANH);
        DenseOp out = new DenseOp("out", "n", n.output(), 2, true, Activation.NONE, Init.DEFAULT);
        Rewrite r = FoldBatchNorm.apply(spec(List.of(f, h, n, out)));
        assertEquals(List.of("f", "h", "out"), r.spec().layers().stream().map(Op::name).toList());
        assertEquals(Activation.TANH, r.spec().layer("h").activation());
        assertEquals(List.of("h"), r.spec().layer("out").inputs());
        assertEquals(1, r.folds().size());
    }

    /**
     * Nothing folds where the fixed-weight identity would not hold or a tensor would be lost: a conv with an
     * activation of its own, a conv whose output something else reads too, a norm after a layer without weights.
     */
    @Test
    void nothingFoldsWhereTheNormIsNotAloneAfterAnAffineLayer() {
        Conv2dOp activated = conv("a", "input", IN, true, Activation.RELU);
        BatchNormOp n1 = norm("n1", "a", activated.output(), Activation.NONE);
        Conv2dOp shared = conv("b", "n1", n1.output(), true, Activation.NONE);
        BatchNormOp n2 = norm("n2", "b", shared.output(), Activation.NONE);
        AddOp sum = new AddOp("sum", List.of("n2", "b"), n2.output(), Activation.NONE);
        BatchNormOp n3 = norm("n3", "sum", sum.output(), Activation.NONE);
        NetworkSpec original = spec(List.of(activated, n1, shared, n2, sum, n3));
        Rewrite r = FoldBatchNorm.apply(original);
        assertTrue(r.isIdentity());
        assertSame(original, r.spec());
        assertEquals(List.of(), r.folds());
    }

    /** A norm need not follow right after its conv; what stands between keeps its place. */
    @Test
    void aNormFurtherDownFoldsIntoItsConvAndReadersFollow() {
        Conv2dOp c = conv("c", "input", IN, true, Activation.NONE);
        Conv2dOp other = conv("other", "input", IN, true, Activation.NONE);
        BatchNormOp n = norm("n", "c", c.output(), Activation.NONE);
        AddOp sum = new AddOp("sum", List.of("other", "n"), n.output(), Activation.NONE);
        NetworkSpec original = spec(List.of(c, other, n, sum));
        Rewrite r = FoldBatchNorm.apply(original);
        assertEquals(List.of("c", "other", "sum"), r.spec().layers().stream().map(Op::name).toList());
        assertEquals(List.of("other", "c"), r.spec().layer("sum").inputs());
        assertEquals(new Source.Folded(new Fold(original, 0, 2)), r.sources().get(0));
    }

    /**
     * The rewritten network's parameters by hand (eps 1): filter 0 has s = 2 / sqrt(3 + 1) = 1, filter 1
     * s = 1 / sqrt(15 + 1) = 0.25; the dense layer's tensors are copied.
     */
    @Test
    void theParameterTransformFoldsTheNormsTensorsAndCopiesTheRest() {
        Conv2dOp c = conv("c", "input", Shape.of(1, 1, 1), true, Activation.NONE);
        BatchNormOp n = norm("n", "c", c.output(), Activation.NONE);
        FlattenOp f = new FlattenOp("f", "n", n.output());
        DenseOp d = new DenseOp("d", "f", f.output(), 1, true, Activation.NONE, Init.DEFAULT);
        NetworkSpec original = new NetworkSpec("t.Numbers", Shape.of(1, 1, 1), Loss.MEAN_SQUARED_ERROR, List.of(c, n, f, d));
        // c.weight (2 x 1), c.bias (2), n.weight (2), n.bias (2), d.weight (1 x 2), d.bias (1)
        float[] params = {1, -1, 0.5f, -2, 2, 1, 1, -3, 7, 8, 9};
        // n.running_mean (2), n.running_var (2), n.num_batches_tracked
        float[] state = {0.25f, 1, 3, 15, 5};
        Rewrite r = FoldBatchNorm.apply(original);
        // c.weight: (1, -0.25); c.bias: 1 + 1 (0.5 - 0.25) = 1.25, -3 + 0.25 (-2 - 1) = -3.75; then d's tensors
        assertArrayEquals(new float[] {1, -0.25f, 1.25f, -3.75f, 7, 8, 9}, r.parameters(params, state));
        assertArrayEquals(new float[0], r.state(state));
    }
}
