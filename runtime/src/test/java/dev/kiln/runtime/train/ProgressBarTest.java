package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final NetworkSpec SPEC = NetworkSpec.builder("t.Tiny", 1, 2, 2, Loss.SOFTMAX_CROSS_ENTROPY)
            .flatten("f").dense("o", 2, true, Activation.NONE, Init.DEFAULT).build();

    @Test
    void withoutATerminalItPrintsPlainLinesAtEveryTenthOfAnEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        bar.onStart(new TrainListener.Start(SPEC, "java (2 threads)", Task.classification(),
                TrainConfig.builder().epochs(2).build(), 1000, 100, 20));
        for (int step = 1; step <= 20; step++) {
            bar.onStep(1, step, 20, 0.5, 0.75, 1234.4);
        }
        bar.onEpoch(new History.Epoch(1, 0.5, 0.75, 0.4, 0.8, 1234.4, 1.25, 1e-3), true);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");

        assertEquals("training Tiny on java (2 threads): 1,000 images (100 held out for validation), 20 steps per epoch, "
                + "batch 64, adam lr 0.001, seed 0", lines[0]);
        assertEquals(1 + 10 + 1, lines.length, String.join("\n", lines));
        assertEquals("epoch 1/2 [===>                          ] 2/20 loss 0.5000 accuracy 0.7500 1,234 images/s", lines[1]);
        assertEquals("epoch 1/2 [==============================] 20/20 loss 0.5000 accuracy 0.7500 1,234 images/s", lines[10]);
        assertEquals("epoch 1/2: loss 0.5000, accuracy 0.7500, val_loss 0.4000, val_accuracy 0.8000, 1,234 images/s, 1.3 s (best)",
                lines[11]);
        assertTrue(!bytes.toString(StandardCharsets.UTF_8).contains("\r"), "no carriage returns in a log");
    }

    @Test
    void onATerminalItRedrawsOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        bar.onStart(new TrainListener.Start(SPEC, "java", Task.classification(), TrainConfig.defaults(), 10, 0, 3));
        bar.onStep(1, 3, 3, 0.1, Double.NaN, 10);
        bar.onEpoch(new History.Epoch(1, 0.1, Double.NaN, Double.NaN, Double.NaN, 10, 1, 1e-3), false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\r" + "epoch 1/10 [==============================] 3/3 loss 0.1000 10 images/s\u001b[K\n"), out);
        assertTrue(out.endsWith("epoch 1/10: loss 0.1000, 10 images/s, 1.0 s\n"), out);
    }
}
