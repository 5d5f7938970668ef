package dev.kiln.interop.onnx;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.SplittableRandom;

/**
 * Random valid networks over the whole grammar: convs (explicit symmetric and asymmetric padding,
 * Keras' same, strides, dilations, zero and replicate padding, with and without bias), max and
 * average pools (padding at most half the kernel, as the processor requires), residual adds,
 * concats of two branches, batch norms, flatten or global average pooling, dense, dropout and
 * every activation, ending in each loss's last layer.
 */
final class RandomSpecs {
    private static final Activation[] HIDDEN = {
        Activation.NONE, Activation.RELU, Activation.LEAKY_RELU, Activation.SIGMOID, Activation.TANH};

    private RandomSpecs() {
    }

    static NetworkSpec next(SplittableRandom random, String name) {
        Loss loss = Loss.values()[random.nextInt(Loss.values().length)];
        int channels = random.nextInt(1, 4);
        int height = random.nextInt(5, 13);
        int width = random.nextInt(5, 13);
        NetworkSpec.Builder b = NetworkSpec.builder("random." + name, channels, height, width, loss);
        Shape shape = Shape.of(channels, height, width);
        int spatial = random.nextInt(1, 5);
        for (int i = 0; i < spatial; i++) {
            boolean conv = i == 0 || random.nextInt(3) > 0;
            Window w = conv ? convWindow(random, shape) : poolWindow(random, shape);
            if (w == null) {
                break;
            }
            if (conv) {
                boolean same = random.nextInt(4) == 0;
                if (same) {
                    w = Window.same(shape.height(), shape.width(), w.kernelH(), w.kernelW(), w.strideH(), w.strideW(),
                            w.dilationH(), w.dilationW());
                }
                PaddingMode mode = random.nextBoolean() ? PaddingMode.ZEROS : PaddingMode.REPLICATE;
                b.conv("c" + i, random.nextInt(1, 5), w, same, mode, random.nextBoolean(),
                        HIDDEN[random.nextInt(HIDDEN.length)], Init.DEFAULT);
            } else if (random.nextBoolean()) {
                b.maxPool("p" + i, w);
            } else {
                b.avgPool("p" + i, w);
            }
            shape = b.build().output();
            String last = b.build().layers().get(b.build().layers().size() - 1).name();
            switch (random.nextInt(5)) {
                case 0 -> { // a residual block: x + conv3x3(x)
                    b.conv("r" + i, shape.channels(), Window.same(shape.height(), shape.width(), 3, 3, 1, 1, 1, 1), true,
                            PaddingMode.ZEROS, random.nextBoolean(), HIDDEN[random.nextInt(HIDDEN.length)], Init.DEFAULT);
                    b.from(last, "r" + i).add("a" + i, HIDDEN[random.nextInt(HIDDEN.length)]);
                }
                case 1 -> { // two branches joined along channels
                    b.from(last).conv("u" + i, random.nextInt(1, 4), Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false,
                            PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT);
                    b.from(last).conv("v" + i, random.nextInt(1, 4), Window.same(shape.height(), shape.width(), 3, 3, 1, 1, 1, 1),
                            true, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT);
                    b.from("u" + i, "v" + i, last).concat("j" + i);
                }
                case 2 -> b.batchNorm("n" + i, random.nextBoolean() ? 1e-5 : 1e-3, 0.1, HIDDEN[random.nextInt(HIDDEN.length)]);
                default -> {
                    // a plain chain
                }
            }
            shape = b.build().output();
        }
        if (loss == Loss.MEAN_SQUARED_ERROR && random.nextBoolean()) {
            return b.build(); // an image output
        }
        if (random.nextInt(3) == 0) {
            b.globalAvgPool("gap");
        } else {
            b.flatten("flat");
        }
        if (random.nextInt(3) == 0) {
            b.batchNorm("nv", 1e-5, 0.1, Activation.NONE);
        }
        if (random.nextBoolean()) {
            b.dense("h", random.nextInt(2, 9), random.nextBoolean(), HIDDEN[random.nextInt(HIDDEN.length)], Init.DEFAULT);
            if (random.nextBoolean()) {
                b.dropout("drop", random.nextDouble(0.1, 0.6));
            }
        }
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> b.dense("out", random.nextInt(2, 6), random.nextBoolean(),
                    random.nextBoolean() ? Activation.NONE : Activation.SOFTMAX, Init.DEFAULT);
            case BINARY_CROSS_ENTROPY -> b.dense("out", 1, random.nextBoolean(),
                    random.nextBoolean() ? Activation.NONE : Activation.SIGMOID, Init.DEFAULT);
            case MEAN_SQUARED_ERROR -> b.dense("out", random.nextInt(1, 4), random.nextBoolean(),
                    HIDDEN[random.nextInt(HIDDEN.length)], Init.DEFAULT);
        }
        return b.build();
    }

    private static Window convWindow(SplittableRandom random, Shape in) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int kh = random.nextInt(1, 4), kw = random.nextInt(1, 4);
            int sh = random.nextInt(1, 3), sw = random.nextInt(1, 3);
            int dh = random.nextInt(1, 3), dw = random.nextInt(1, 3);
            int ph = random.nextInt(0, 3), pw = random.nextInt(0, 3);
            Window w = random.nextInt(3) == 0
                    ? new Window(kh, kw, sh, sw, ph, ph + 1, pw + 1, pw, dh, dw)
                    : Window.symmetric(kh, kw, sh, sw, ph, pw, dh, dw);
            if (w.outputHeight(in.height()) >= 1 && w.outputWidth(in.width()) >= 1) {
                return w;
            }
        }
        return null;
    }

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
