package dev.kiln.processor.javagen;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** The networks the javagen tests run: the samples, one per layer option, and random valid ones. */
final class Specs {
    private Specs() {
    }

    static Window square(int k, int s, int p) {
        return Window.symmetric(k, k, s, s, p, p, 1, 1);
    }

    /** LeNet-5 as {@code dev.kiln.samples.LeNet5} declares it. */
    static NetworkSpec leNet5(String pkg) {
        return SpecBuilder.of(pkg + ".LeNet5", 1, 28, 28, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 6, square(5, 1, 2), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("s2", square(2, 2, 0))
                .conv("c3", 16, square(5, 1, 0), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("s4", square(2, 2, 0))
                .conv("c5", 120, square(5, 1, 0), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .flatten("flat")
                .dense("f6", 84, true, Activation.RELU, Init.DEFAULT)
                .dense("out", 10, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    /** The FashionCnn of the issue. */
    static NetworkSpec fashionCnn(String pkg) {
        return SpecBuilder.of(pkg + ".FashionCnn", 1, 28, 28, Loss.SOFTMAX_CROSS_ENTROPY)
                .convSame("conv1", 32, 3, 3, 1, 1, 1, 1, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("pool1", square(2, 2, 0))
                .dropout("drop1", 0.2)
                .convSame("conv2", 64, 3, 3, 1, 1, 1, 1, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("pool2", square(2, 2, 0))
                .dropout("drop2", 0.2)
                .flatten("flat")
                .dense("fc1", 128, true, Activation.RELU, Init.DEFAULT)
                .dense("fc2", 10, true, Activation.SOFTMAX, Init.DEFAULT)
                .build();
    }

    /** One 3x3 conv, one filter, no padding, no activation, trained with MSE. */
    static NetworkSpec edgeDetector(String pkg) {
        return SpecBuilder.of(pkg + ".EdgeDetector", 1, 28, 28, Loss.MEAN_SQUARED_ERROR)
                .conv("edge", 1, square(3, 1, 0), false, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    /** A named case of the option table. */
    record Case(String label, NetworkSpec spec) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static SpecBuilder input(int index, Loss loss) {
        return SpecBuilder.of("t.option.Case" + index, 2, 7, 6, loss);
    }

    private static NetworkSpec classify(SpecBuilder b) {
        return b.flatten("flat").dense("head", 3, true, Activation.NONE, Init.DEFAULT).build();
    }

    /** Every layer kind crossed with its options, each in a small network around it. */
    static List<Case> optionTable() {
        List<Case> cases = new ArrayList<>();
        Activation[] acts = Arrays.stream(Activation.values()).filter(a -> a != Activation.SOFTMAX).toArray(Activation[]::new);
        for (Activation a : acts) {
            cases.add(new Case("conv 3x3 " + a, classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                    .conv("c", 3, square(3, 1, 0), false, PaddingMode.ZEROS, true, a, Init.DEFAULT))));
        }
        cases.add(new Case("conv stride 2 padding 1", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 3, square(3, 2, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT))));
        cases.add(new Case("conv rectangular 2x3 stride (1, 2) padding (1, 0)", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 2, Window.symmetric(2, 3, 1, 2, 1, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT))));
        cases.add(new Case("conv replicate padding 2", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 3, square(3, 1, 2), false, PaddingMode.REPLICATE, true, Activation.LEAKY_RELU, Init.DEFAULT))));
        cases.add(new Case("conv same 4x4 (asymmetric padding)", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .convSame("c", 3, 4, 4, 1, 1, 1, 1, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT))));
        cases.add(new Case("conv same 3x3 stride 2", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .convSame("c", 3, 3, 3, 2, 2, 1, 1, PaddingMode.ZEROS, true, Activation.SIGMOID, Init.DEFAULT))));
        cases.add(new Case("conv same replicate dilation (2, 1) 2x3", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .convSame("c", 2, 2, 3, 1, 1, 2, 1, PaddingMode.REPLICATE, true, Activation.TANH, Init.DEFAULT))));
        cases.add(new Case("conv dilation 2 padding 2", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 3, Window.symmetric(3, 3, 1, 1, 2, 2, 2, 2), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT))));
        cases.add(new Case("conv without bias", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 3, square(3, 1, 1), false, PaddingMode.ZEROS, false, Activation.RELU, Init.DEFAULT))));
        cases.add(new Case("conv small plane (dot-product path)", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 4, Window.symmetric(5, 4, 2, 2, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT))));
        cases.add(new Case("max pool 2", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY).maxPool("p", square(2, 2, 0)))));
        cases.add(new Case("max pool 3 stride 2 padding 1 (overlap)", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .maxPool("p", square(3, 2, 1)))));
        cases.add(new Case("max pool 2x3 stride (1, 2) padding (1, 1)", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .maxPool("p", Window.symmetric(2, 3, 1, 2, 1, 1, 1, 1)))));
        cases.add(new Case("avg pool 2", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY).avgPool("p", square(2, 2, 0)))));
        cases.add(new Case("avg pool 3 stride 1 padding 1", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .avgPool("p", square(3, 1, 1)))));
        cases.add(new Case("avg pool 3x2 stride (2, 1) padding (1, 0)", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .avgPool("p", Window.symmetric(3, 2, 2, 1, 1, 0, 1, 1)))));
        cases.add(new Case("conv relu then max pool", classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 3, square(2, 1, 0), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("p", square(2, 2, 0)))));
        for (Activation a : acts) {
            cases.add(new Case("dense " + a, input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY).flatten("flat")
                    .dense("d", 5, true, a, Init.DEFAULT).dense("head", 3, true, Activation.NONE, Init.DEFAULT).build()));
        }
        cases.add(new Case("dense without bias", input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY).flatten("flat")
                .dense("d", 5, false, Activation.RELU, Init.DEFAULT).dense("head", 3, false, Activation.NONE, Init.DEFAULT).build()));
        for (double rate : new double[] {0.0, 0.3, 0.5}) {
            cases.add(new Case("dropout " + rate, classify(input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                    .conv("c", 2, square(3, 1, 0), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                    .dropout("drop", rate))));
        }
        cases.add(new Case("softmax cross-entropy on softmax output", input(cases.size(), Loss.SOFTMAX_CROSS_ENTROPY).flatten("flat")
                .dense("head", 4, true, Activation.SOFTMAX, Init.DEFAULT).build()));
        cases.add(new Case("binary cross-entropy on sigmoid", input(cases.size(), Loss.BINARY_CROSS_ENTROPY).flatten("flat")
                .dense("h", 4, true, Activation.TANH, Init.DEFAULT).dense("head", 1, true, Activation.SIGMOID, Init.DEFAULT).build()));
        cases.add(new Case("binary cross-entropy on a logit", input(cases.size(), Loss.BINARY_CROSS_ENTROPY).flatten("flat")
                .dense("head", 1, true, Activation.NONE, Init.DEFAULT).build()));
        for (Activation a : acts) {
            cases.add(new Case("mean squared error on conv " + a, input(cases.size(), Loss.MEAN_SQUARED_ERROR)
                    .conv("c", 2, square(3, 1, 1), false, PaddingMode.ZEROS, true, a, Init.DEFAULT).build()));
        }
        cases.add(new Case("mean squared error after max pool", input(cases.size(), Loss.MEAN_SQUARED_ERROR)
                .conv("c", 2, square(3, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("p", square(2, 2, 0)).build()));
        cases.add(new Case("mean squared error after dropout", input(cases.size(), Loss.MEAN_SQUARED_ERROR)
                .flatten("flat").dense("d", 4, true, Activation.SIGMOID, Init.DEFAULT).dropout("drop", 0.25).build()));
        for (ZooSpecs.Named z : ZooSpecs.options(cases.size())) {
            cases.add(new Case(z.label(), z.spec()));
        }
        return cases;
    }

    /** A random valid network: convs and pools while the image allows, maybe dropout, then a head and a loss. */
    static NetworkSpec random(Random r, int index) {
        Activation[] acts = {Activation.NONE, Activation.RELU, Activation.LEAKY_RELU, Activation.SIGMOID, Activation.TANH};
        int ending = r.nextInt(3);
        Loss loss = ending == 0 ? Loss.SOFTMAX_CROSS_ENTROPY : ending == 1 ? Loss.BINARY_CROSS_ENTROPY : Loss.MEAN_SQUARED_ERROR;
        Shape s = Shape.of(1 + r.nextInt(3), 4 + r.nextInt(9), 4 + r.nextInt(9));
        SpecBuilder b = SpecBuilder.of("t.random.Net" + index, s.channels(), s.height(), s.width(), loss);
        int added = 0;
        int layers = 1 + r.nextInt(4);
        int id = 0;
        for (int i = 0; i < layers; i++) {
            int kind = r.nextInt(5);
            if (kind <= 2) {
                int kh = 1 + r.nextInt(4), kw = 1 + r.nextInt(4);
                int sh = 1 + r.nextInt(2), sw = 1 + r.nextInt(2);
                int dh = 1 + r.nextInt(2), dw = 1 + r.nextInt(2);
                PaddingMode mode = r.nextInt(3) == 0 ? PaddingMode.REPLICATE : PaddingMode.ZEROS;
                int filters = 1 + r.nextInt(4);
                Activation a = acts[r.nextInt(acts.length)];
                boolean bias = r.nextInt(4) != 0;
                if (r.nextInt(3) == 0) {
                    Window w = Window.same(s.height(), s.width(), kh, kw, sh, sw, dh, dw);
                    b.conv("conv" + id++, filters, w, true, mode, bias, a, Init.DEFAULT);
                    s = Shape.of(filters, (int) w.outputHeight(s.height()), (int) w.outputWidth(s.width()));
                } else {
                    Window w = new Window(kh, kw, sh, sw, r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3), dh, dw);
                    if (w.outputHeight(s.height()) < 1 || w.outputWidth(s.width()) < 1) {
                        continue;
                    }
                    b.conv("conv" + id++, filters, w, false, mode, bias, a, Init.DEFAULT);
                    s = Shape.of(filters, (int) w.outputHeight(s.height()), (int) w.outputWidth(s.width()));
                }
            } else if (kind == 3) {
                int kh = 1 + r.nextInt(3), kw = 1 + r.nextInt(3);
                Window w = Window.symmetric(kh, kw, 1 + r.nextInt(kh), 1 + r.nextInt(kw), r.nextInt(kh / 2 + 1), r.nextInt(kw / 2 + 1), 1, 1);
                if (w.outputHeight(s.height()) < 1 || w.outputWidth(s.width()) < 1) {
                    continue;
                }
                if (r.nextBoolean()) {
                    b.maxPool("pool" + id++, w);
                } else {
                    b.avgPool("pool" + id++, w);
                }
                s = Shape.of(s.channels(), (int) w.outputHeight(s.height()), (int) w.outputWidth(s.width()));
            } else {
                b.dropout("drop" + id++, r.nextInt(4) * 0.2);
            }
            added++;
        }
        if (loss == Loss.MEAN_SQUARED_ERROR && r.nextBoolean() && added > 0) {
            return b.build();
        }
        b.flatten("flat");
        if (r.nextBoolean()) {
            b.dense("hidden", 1 + r.nextInt(6), r.nextBoolean(), acts[r.nextInt(acts.length)], Init.DEFAULT);
        }
        return switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> b.dense("out", 2 + r.nextInt(4), r.nextBoolean(),
                    r.nextBoolean() ? Activation.SOFTMAX : Activation.NONE, Init.DEFAULT).build();
            case BINARY_CROSS_ENTROPY -> b.dense("out", 1, true, r.nextBoolean() ? Activation.SIGMOID : Activation.NONE,
                    Init.DEFAULT).build();
            case MEAN_SQUARED_ERROR -> b.dense("out", 1 + r.nextInt(4), true, acts[r.nextInt(acts.length)], Init.DEFAULT).build();
        };
    }
}
