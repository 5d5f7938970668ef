package dev.kiln.processor.opencl;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.LayerKind;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.Random;

/**
 * Small random valid networks for the parity suite: convs (stride, dilation, same, replicate,
 * bias, every activation), both poolings with padding, dropout, dense layers, and each loss with
 * each output activation it accepts. Small, because PoCL compiles every program.
 */
final class RandomNetworks {
    private static final Activation[] HIDDEN = {Activation.NONE, Activation.RELU, Activation.LEAKY_RELU,
            Activation.SIGMOID, Activation.TANH};

    private RandomNetworks() {
    }

    static NetworkSpec generate(long seed) {
        Random r = new Random(seed);
        while (true) {
            try {
                NetworkSpec spec = attempt(r, seed);
                if (spec != null) {
                    return spec;
                }
            } catch (IllegalArgumentException | ArithmeticException tooSmall) {
                // a shape fell below 1: draw again
            }
        }
    }

    private static NetworkSpec attempt(Random r, long seed) {
        Loss loss = Loss.values()[r.nextInt(3)];
        NetworkSpec.Builder b = NetworkSpec.builder("dev.kiln.random.Net" + seed, 1 + r.nextInt(3), 4 + r.nextInt(7),
                4 + r.nextInt(7), loss);
        int convs = 1 + r.nextInt(3);
        LayerSpec lastLayer = null;
        NetworkSpec partial;
        for (int i = 0; i < convs; i++) {
            int k = 1 + r.nextInt(3);
            int kw = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : k;
            int s = 1 + r.nextInt(2);
            int d = r.nextInt(4) == 0 ? 2 : 1;
            PaddingMode mode = r.nextBoolean() ? PaddingMode.REPLICATE : PaddingMode.ZEROS;
            Activation act = HIDDEN[r.nextInt(HIDDEN.length)];
            Init init = Init.values()[1 + r.nextInt(3)];
            if (r.nextBoolean()) {
                b.convSame("c" + i, 1 + r.nextInt(4), k, kw, s, s, d, d, mode, r.nextBoolean(), act, init);
            } else {
                int p = r.nextInt(k);
                b.conv("c" + i, 1 + r.nextInt(4), Window.symmetric(k, kw, s, s, p, Math.min(p, kw - 1), d, d), false, mode,
                        r.nextBoolean(), act, init);
            }
            if (r.nextInt(3) == 0) {
                int pk = 2 + r.nextInt(2);
                int pp = r.nextInt(pk / 2 + 1);
                Window w = Window.symmetric(pk, pk, 1 + r.nextInt(2), 1 + r.nextInt(2), pp, pp, 1, 1);
                if (r.nextBoolean()) {
                    b.maxPool("p" + i, w);
                } else {
                    b.avgPool("p" + i, w);
                }
            }
            if (r.nextInt(5) == 0) {
                b.dropout("d" + i, 0.1 + 0.5 * r.nextDouble());
            }
        }
        boolean imageOutput = loss == Loss.MEAN_SQUARED_ERROR && r.nextBoolean();
        if (!imageOutput) {
            b.flatten("flat");
            if (r.nextBoolean()) {
                b.dense("h", 2 + r.nextInt(6), r.nextBoolean(), HIDDEN[r.nextInt(HIDDEN.length)], Init.DEFAULT);
                if (r.nextInt(4) == 0) {
                    b.dropout("hd", 0.3);
                }
            }
            switch (loss) {
                case SOFTMAX_CROSS_ENTROPY -> b.dense("out", 2 + r.nextInt(5), r.nextBoolean(),
                        r.nextBoolean() ? Activation.SOFTMAX : Activation.NONE, Init.DEFAULT);
                case BINARY_CROSS_ENTROPY -> b.dense("out", 1, true,
                        r.nextBoolean() ? Activation.SIGMOID : Activation.NONE, Init.DEFAULT);
                case MEAN_SQUARED_ERROR -> b.dense("out", 1 + r.nextInt(4), true, HIDDEN[r.nextInt(HIDDEN.length)],
                        Init.DEFAULT);
            }
        }
        partial = b.build();
        for (LayerSpec l : partial.layers()) {
            if (l.kind().isPooling() && l.window().padTop() * 2 > l.window().kernelH()) {
                return null;
            }
            if (l.kind() == LayerKind.CONV2D && l.input().size() > 400) {
                return null;
            }
            lastLayer = l;
        }
        return lastLayer == null ? null : partial;
    }
}
