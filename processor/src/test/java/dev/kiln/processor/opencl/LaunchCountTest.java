package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.opencl.OpenClProgram;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * Counts what fusion promises (tinygrad's check_schedule): the launches per forward pass and per
 * training step, counted by hand from the layer list, stated by the generated class and enqueued
 * by the backend, for every sample as it ships (its own generated program).
 */
class LaunchCountTest {

    @Test
    void leNet5() {
        // forward: c1, s2, c3, s4, c5, f6, out (flatten is a renamed buffer)                         = 7
        // step: forward 7 + loss 1 + backward (out 2, f6 2, c5 2, s4 1, c3 2, s2 1, c1 params only 1) + update 1 = 20
        check(SampleModels.model("LeNet5"), 7, 20);
    }

    @Test
    void fashionCnn() {
        // forward: conv1, pool1, conv2, pool2, hidden, out, softmax (dropout is the identity at inference)  = 7
        // step: forward conv1, pool1, drop1, conv2, pool2, drop2, hidden, out = 8, loss (with softmax) 1,
        //       backward out 2, hidden 2, drop2 1, pool2 1, conv2 2, drop1 1, pool1 1, conv1 params only 1 = 11,
        //       update 1                                                                               = 21
        check(SampleModels.model("FashionCnn"), 7, 21);
    }

    @Test
    void edgeDetector() {
        // forward: edge = 1; step: forward 1 + loss 1 + edge params only 1 + update 1 = 4
        check(SampleModels.model("EdgeDetector"), 1, 4);
    }

    @Test
    void footwearClassifier() {
        // forward: c1, p1, c2, p2, fc, out, sigmoid (the loss kernel applies it in training) = 7
        // step: forward 6 + loss 1 + backward (out 2, fc 2, p2 1, c2 2, p1 1, c1 params only 1) + update 1 = 17
        check(SampleModels.model("FootwearClassifier"), 7, 17);
    }

    @Test
    void colourShapes() {
        // forward: c1, p1, c2, p2, fc, out (logits, no activation) = 6
        // step: forward 6 + loss 1 + backward (out 2, fc 2, p2 1, c2 2, p1 1, c1 params only 1) + update 1 = 17
        check(SampleModels.model("ColourShapes"), 6, 17);
    }

    @Test
    void fashionResNet() {
        // inference: stem, stemBn, pool, s1c1, s1n1, s1c2, s1n2, s1 (add + ReLU), s2c1, s2n1, s2c2, s2n2, s2proj, s2projBn,
        //            s2 (add + ReLU), gap, out (logits)                                                      = 17
        // step: forward 17 + one statistics launch per batch norm (6) = 23, loss 1,
        //       backward out 2, gap 1, s2 one per input 2, s2projBn (sums, input) 2, s2proj 2, s2n2 2, s2c2 2, s2n1 2,
        //       s2c1 2, s1's two readers' gradients added 1, s1 2, s1n2 2, s1c2 2, s1n1 2, s1c1 2,
        //       pool's two readers' gradients added 1, pool 1, stemBn 2, stem params only 1                = 33,
        //       update 1                                                                                 = 58
        check(SampleModels.model("FashionResNet"), 17, 58);
    }

    @Test
    void inceptionNet() {
        // inference: stem, stemBn, pool, b1x1, b3x3reduce, b3x3, b5x5reduce, b5x5, bpool, bpoolProj,
        //            mixed (one copy per input: 4), pool2, gap, out                                          = 17
        // step: forward 17 + stemBn's statistics 1 = 18, loss 1,
        //       backward out 2, gap 1, pool2 1, mixed one copy back per input 4, bpoolProj 2, bpool 1, b5x5 2,
        //       b5x5reduce 2, b3x3 2, b3x3reduce 2, b1x1 2, pool's four readers' gradients added 3, pool 1,
        //       stemBn 2, stem params only 1                                                               = 28,
        //       update 1                                                                                 = 48
        check(SampleModels.model("InceptionNet"), 17, 48);
    }

    @Test
    void imageToImage() {
        // forward: edges, combine = 2; step: forward 2 + loss 1 + combine 2 + edges 1 + update 1 = 7
        check(Networks.imageToImage(), GeneratedPrograms.load(Networks.imageToImage()), 2, 7);
    }

    private static void check(dev.kiln.runtime.KilnModel model, int forward, int step) {
        check(model.spec(), model.openCl(), forward, step);
    }

    private static void check(NetworkSpec spec, OpenClProgram program, int forward, int step) {
        assertEquals(forward, program.forwardLaunches(), "forward launches stated by the generated class");
        assertEquals(step, program.trainingStepLaunches(), "training-step launches stated by the generated class");
        assertEquals(forward, program.forwardPlan().size(), "forward plan");
        OpenClTestSupport.requireOpenCl();
        int batch = 3;
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(spec, program, -1, OptimizerConfig.sgd().momentum(0.9).build())) {
            b.plan(batch);
            b.setParameters(new float[spec.parameterCount()]);
            float[] in = new float[batch * spec.input().intSize()];
            long before = b.launches();
            b.predict(in, batch, new float[batch * spec.output().intSize()]);
            assertEquals(forward, b.launches() - before, "launches enqueued by predict");
            before = b.launches();
            b.trainStep(in, new int[batch], new float[batch * spec.output().intSize()], batch, 0.1, 7, null);
            assertEquals(step, b.launches() - before, "launches enqueued by trainStep");
        }
    }
}
