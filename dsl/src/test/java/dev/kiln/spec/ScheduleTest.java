package dev.kiln.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.Schedule.Read;
import dev.kiln.spec.Schedule.Segment;
import dev.kiln.spec.Schedule.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The schedule of hand-built graphs against what was worked out by hand from the graph: step order,
 * which reads accumulate a fan-out's gradient, the gradient buffers and their reuse, and the sync points.
 */
class ScheduleTest {
    private static final Shape IMAGE = Shape.of(2, 6, 6);
    /** 3x3, stride 1, padding 1: keeps the (2, 6, 6) shape, so every conv's gradient has one size. */
    private static final Window SAME3 = Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1);

    private static Conv2dOp conv(String name, String from, Shape in) {
        return new Conv2dOp(name, from, in, 2, SAME3, false, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT);
    }

    private static NetworkSpec spec(String name, List<Op> ops) {
        return new NetworkSpec("t." + name, IMAGE, Loss.MEAN_SQUARED_ERROR, ops);
    }

    @Test
    void stepsRunInTheGraphsOrderAndKnowTheirReaders() {
        Conv2dOp a = conv("a", "input", IMAGE);
        Conv2dOp b = conv("b", "a", a.output());
        Conv2dOp c = conv("c", "b", b.output());
        Schedule s = Schedule.of(spec("Chain", List.of(a, b, c)));
        assertEquals(List.of("a", "b", "c"), s.steps().stream().map(Step::name).toList());
        assertEquals(List.of(1), s.steps().get(0).readers());
        assertEquals(List.of(), s.steps().get(2).readers(), "the output has no reader");
        Read first = s.steps().get(0).reads().get(0);
        assertTrue(first.isInput());
        assertEquals(-1, first.producer());
        assertEquals(0, s.steps().get(1).reads().get(0).producer());
        assertTrue(s.steps().get(2).isOutput(s));
        assertFalse(s.steps().get(1).isOutput(s));
    }

    /**
     * {@code a} is read by {@code b} and {@code c} (fan-out), {@code d = b + c}. Backward visits d, c, b, a:
     * c is the first of a's readers backward visits, so it assigns a's gradient; b, visited after, adds to it.
     */
    @Test
    void aFanOutsFirstReaderInBackwardAssignsAndTheLaterOnesAdd() {
        Conv2dOp a = conv("a", "input", IMAGE);
        Conv2dOp b = conv("b", "a", a.output());
        Conv2dOp c = conv("c", "a", a.output());
        AddOp d = new AddOp("d", List.of("b", "c"), b.output(), Activation.NONE);
        Schedule s = Schedule.of(spec("FanOut", List.of(a, b, c, d)));
        assertEquals(List.of(1, 2), s.steps().get(0).readers());
        Read bReadsA = s.steps().get(1).reads().get(0);
        Read cReadsA = s.steps().get(2).reads().get(0);
        assertTrue(bReadsA.accumulates(), "b is visited after c in backward: it adds");
        assertFalse(cReadsA.accumulates(), "c is the first reader backward visits: it assigns");
        assertEquals(2, bReadsA.readers());
        assertEquals(2, cReadsA.readers());
        assertFalse(s.steps().get(3).reads().get(0).accumulates());
        assertFalse(s.steps().get(3).reads().get(1).accumulates());
    }

    /** One op reading a tensor twice ({@code a + a}): of its two reads, the first adds and the second assigns. */
    @Test
    void aTensorReadTwiceByOneOpAccumulatesOnce() {
        Conv2dOp a = conv("a", "input", IMAGE);
        AddOp twice = new AddOp("twice", List.of("a", "a"), a.output(), Activation.NONE);
        Schedule s = Schedule.of(spec("Twice", List.of(a, twice)));
        List<Read> reads = s.steps().get(1).reads();
        assertTrue(reads.get(0).accumulates());
        assertFalse(reads.get(1).accumulates());
        assertEquals(2, reads.get(0).readers());
    }

    /**
     * A chain of four convs of one size, c0 to c3. Backward time t visits c(3 - t); c(i)'s output gradient
     * lives from its reader's visit to its own, so c3's and c2's overlap (two buffers) and c1 reuses c3's,
     * c0 reuses c2's: buffers 0, 1, 0, 1 from c3 down.
     */
    @Test
    void sameSizeGradientsThatAreNeverAliveTogetherShareBuffers() {
        Conv2dOp c0 = conv("c0", "input", IMAGE);
        Conv2dOp c1 = conv("c1", "c0", c0.output());
        Conv2dOp c2 = conv("c2", "c1", c1.output());
        Conv2dOp c3 = conv("c3", "c2", c2.output());
        Schedule s = Schedule.of(spec("Reuse", List.of(c0, c1, c2, c3)));
        assertEquals(0, s.gradientBuffer("c3"));
        assertEquals(1, s.gradientBuffer("c2"));
        assertEquals(0, s.gradientBuffer("c1"));
        assertEquals(1, s.gradientBuffer("c0"));
        assertEquals(List.of(IMAGE.size(), IMAGE.size()), s.gradientBufferSizes());
        assertThrows(IllegalArgumentException.class, () -> s.gradientBuffer("input"));
    }

    /** A pooled (2, 3, 3) gradient never shares a buffer with a (2, 6, 6) one, however far apart they live. */
    @Test
    void gradientsOfOtherSizesGetBuffersOfTheirOwn() {
        Conv2dOp c0 = conv("c0", "input", IMAGE);
        MaxPool2dOp p = new MaxPool2dOp("p", "c0", c0.output(), Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1));
        Conv2dOp c1 = conv("c1", "p", p.output());
        Schedule s = Schedule.of(spec("Sizes", List.of(c0, p, c1)));
        // backward: c1 (buffer 0, 18 elements), p (its gradient's reader c1 is visited at t = 0: a new buffer), c0 (72)
        assertEquals(List.of(18L, 18L, 72L), s.gradientBufferSizes());
        assertEquals(2, s.gradientBuffer("c0"));
    }

    /** A flatten that alone reads its input shares that input's gradient buffer: the same elements in the same order. */
    @Test
    void aFlattenIsAViewOfItsInputsGradientUnlessTheInputHasOtherReaders() {
        Conv2dOp c = conv("c", "input", IMAGE);
        FlattenOp f = new FlattenOp("f", "c", c.output());
        DenseOp d = new DenseOp("d", "f", f.output(), 3, true, Activation.NONE, Init.DEFAULT);
        Schedule alone = Schedule.of(spec("View", List.of(c, f, d)));
        assertEquals(alone.gradientBuffer("f"), alone.gradientBuffer("c"));

        FlattenOp g = new FlattenOp("g", "c", c.output());
        ConcatOp both = new ConcatOp("both", List.of("f", "g"), List.of(f.output(), g.output()));
        Schedule shared = Schedule.of(spec("NoView", List.of(c, f, g, both)));
        assertNotEquals(shared.gradientBuffer("f"), shared.gradientBuffer("c"), "c has two readers: its gradient is a sum");
    }

    /** Batch norm needs the whole batch in training: the forward splits before it; at inference it is one segment. */
    @Test
    void batchNormIsASyncPointInTrainingOnly() {
        Conv2dOp a = conv("a", "input", IMAGE);
        BatchNormOp n = new BatchNormOp("n", "a", a.output(), 1e-5, 0.1, Activation.RELU);
        Conv2dOp b = conv("b", "n", n.output());
        Schedule s = Schedule.of(spec("Sync", List.of(a, n, b)));
        assertEquals(List.of(1), s.syncPoints(true));
        assertEquals(List.of(), s.syncPoints(false));
        assertEquals(List.of(new Segment(0, 1), new Segment(1, 3)), s.segments(true));
        assertEquals(List.of(new Segment(0, 3)), s.segments(false));
        assertTrue(s.segments(true).get(1).startsAtSync(s, true));
        assertFalse(s.segments(true).get(0).startsAtSync(s, true));

        // a network that starts with the sync op has no empty segment before it
        BatchNormOp first = new BatchNormOp("first", "input", IMAGE, 1e-5, 0.1, Activation.NONE);
        Conv2dOp after = conv("after", "first", first.output());
        assertEquals(List.of(new Segment(0, 2)), Schedule.of(spec("SyncFirst", List.of(first, after))).segments(true));
    }

    /** A gradient is needed below a layer with parameters, and not where nothing before it learns. */
    @Test
    void gradientsAreNeededOnlyOnPathsIntoParameters() {
        MaxPool2dOp p = new MaxPool2dOp("p", "input", IMAGE, Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1));
        Conv2dOp c = conv("c", "p", p.output());
        MaxPool2dOp q = new MaxPool2dOp("q", "c", c.output(), Window.symmetric(3, 3, 3, 3, 0, 0, 1, 1));
        Schedule s = Schedule.of(spec("Needs", List.of(p, c, q)));
        assertFalse(s.needsGradient("input"), "the input's gradient is the caller's choice");
        assertFalse(s.needsGradient("p"), "nothing before p learns");
        assertTrue(s.needsGradient("c"), "c learns");
        assertTrue(s.needsGradient("q"), "its gradient reaches c");
    }
}
