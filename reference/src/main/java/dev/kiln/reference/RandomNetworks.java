package dev.kiln.reference;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.SplittableRandom;

/**
 * Small random valid networks for fuzzed gradient checks: a few convs and pools with random
 * kernels, strides, paddings (explicit or same), dilations, padding modes, groups, biases and
 * activations, pools in ceil mode and average pools without the padding in the divisor, then optionally flatten, dense layers and dropout, ending in a random loss with a
 * last layer that suits it. Every window fits its input and pooling padding is at most half the
 * kernel, as the processor requires.
 */
final class RandomNetworks {
    private static final Activation[] HIDDEN = RandomGraphs.HIDDEN;

    private RandomNetworks() {
    }

    static NetworkSpec next(SplittableRandom random, String name) {
        Loss loss = Loss.values()[random.nextInt(Loss.values().length)];
        int channels = random.nextInt(1, 3);
        int height = random.nextInt(4, 9);
        int width = random.nextInt(4, 9);
        SpecBuilder b = SpecBuilder.of("fuzz." + name, channels, height, width, loss);
        Shape shape = Shape.of(channels, height, width);
        int spatial = random.nextInt(1, 4);
        for (int i = 0; i < spatial; i++) {
            boolean conv = i == 0 || random.nextInt(3) > 0;
            Window w = conv ? convWindow(random, shape) : poolWindow(random, shape);
            if (w == null) {
                break;
            }
            if (conv) {
                boolean same = w.padTop() != w.padBottom() || w.padLeft() != w.padRight() || random.nextInt(4) == 0;
                if (same) {
                    w = Window.same(shape.height(), shape.width(), w.kernelH(), w.kernelW(), w.strideH(), w.strideW(),
                            w.dilationH(), w.dilationW());
                }
                PaddingMode mode = random.nextBoolean() ? PaddingMode.ZEROS : PaddingMode.REPLICATE;
                int groups = shape.channels() > 1 && random.nextBoolean() ? shape.channels() : 1; // depthwise
                int filters = groups * random.nextInt(1, groups > 1 ? 3 : 4);
                b.conv("c" + i, filters, w, same, mode, random.nextBoolean(), HIDDEN[random.nextInt(HIDDEN.length)],
                        Init.DEFAULT, groups);
            } else {
                boolean ceil = random.nextBoolean()
                        && w.outputHeight(shape.height(), true) >= 1 && w.outputWidth(shape.width(), true) >= 1;
                if (random.nextBoolean()) {
                    b.maxPool("p" + i, w, ceil);
                } else {
                    b.avgPool("p" + i, w, ceil, random.nextBoolean());
                }
            }
            shape = lastShape(b);
        }
        boolean dense = loss != Loss.MEAN_SQUARED_ERROR || random.nextBoolean();
        if (!dense) {
            // an image output: the last conv's activation must suit MSE, which any does
            return b.build();
        }
        b.flatten("flat");
        if (random.nextBoolean()) {
            b.dense("h", random.nextInt(2, 7), random.nextBoolean(), HIDDEN[random.nextInt(HIDDEN.length)], Init.DEFAULT);
            if (random.nextBoolean()) {
                b.dropout("drop", random.nextDouble(0.1, 0.6));
            }
        }
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> b.dense("out", random.nextInt(2, 5), random.nextBoolean(),
                    random.nextBoolean() ? Activation.NONE : Activation.SOFTMAX, Init.DEFAULT);
            case BINARY_CROSS_ENTROPY -> b.dense("out", 1, random.nextBoolean(),
                    random.nextBoolean() ? Activation.NONE : Activation.SIGMOID, Init.DEFAULT);
            case MEAN_SQUARED_ERROR -> b.dense("out", random.nextInt(1, 4), random.nextBoolean(),
                    HIDDEN[random.nextInt(HIDDEN.length)], Init.DEFAULT);
        }
        return b.build();
    }

    private static Shape lastShape(SpecBuilder b) {
        NetworkSpec partial = b.build();
        return partial.output();
    }

    /** A conv window that fits, or null when the input is too small for any. */
    private static Window convWindow(SplittableRandom random, Shape in) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int kh = random.nextInt(1, 4), kw = random.nextInt(1, 4);
            int sh = random.nextInt(1, 3), sw = random.nextInt(1, 3);
            int dh = random.nextInt(1, 3), dw = random.nextInt(1, 3);
            int ph = random.nextInt(0, 3), pw = random.nextInt(0, 3);
            Window w = random.nextInt(3) == 0
                    ? new Window(kh, kw, sh, sw, ph, ph + 1, pw, pw, dh, dw)
                    : Window.symmetric(kh, kw, sh, sw, ph, pw, dh, dw);
            if (w.outputHeight(in.height()) >= 1 && w.outputWidth(in.width()) >= 1) {
                return w;
            }
        }
        return null;
    }

    /** A pooling window that fits with padding at most half the kernel, or null. */
    private static Window poolWindow(SplittableRandom random, Shape in) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int kh = random.nextInt(1, 4), kw = random.nextInt(1, 4);
            int sh = random.nextInt(1, 4), sw = random.nextInt(1, 4);
            int ph = random.nextInt(0, kh / 2 + 1), pw = random.nextInt(0, kw / 2 + 1);
            Window w = Window.symmetric(kh, kw, sh, sw, ph, pw, 1, 1);
            if (w.outputHeight(in.height()) >= 1 && w.outputWidth(in.width()) >= 1) {
                return w;
            }
        }
        return null;
    }
}
