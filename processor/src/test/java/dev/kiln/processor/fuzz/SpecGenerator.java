package dev.kiln.processor.fuzz;

import dev.kiln.processor.fuzz.FuzzSpec.FuzzLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random specs mixing every layer kind and attribute: mostly small sensible values (so that a good
 * share is valid and small enough to compile quickly), with a few percent of hostile ones (zero,
 * negative, huge, wrong arity, NaN rates) and a tail that fits the loss most of the time. Merges read the
 * previous layer twice, or it and the one before (whose shapes may differ); a squeeze-and-excitation pair
 * multiplies an image by its global average; augmentation layers open a spec now and then, and rarely
 * stand later (which is invalid).
 */
final class SpecGenerator {
    private static final int[] HOSTILE = {0, -1, -7, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, 46_341, 65_536, 100_000};
    private static final String[] ACTIVATIONS = {"NONE", "RELU", "LEAKY_RELU", "SIGMOID", "TANH", "RELU6", "HARD_SWISH",
        "HARD_SIGMOID", "SILU", "GELU", "SOFTMAX"};
    private static final String[] INITS = {"DEFAULT", "HE_NORMAL", "XAVIER_UNIFORM", "UNIFORM_FAN_IN", "ZEROS"};
    private static final String[] LOSSES = {"SOFTMAX_CROSS_ENTROPY", "BINARY_CROSS_ENTROPY", "MEAN_SQUARED_ERROR"};
    private static final String[] RATES = {"0.0", "0.1", "0.25", "0.5", "0.9", "0.999", "1.0", "1.5", "-0.2", "-0.0",
            "Double.NaN", "Double.POSITIVE_INFINITY"};

    private final Random random;
    private final double hostility;

    SpecGenerator(long seed, double hostility) {
        this.random = new Random(seed);
        this.hostility = hostility;
    }

    FuzzSpec next(String className) {
        String loss = LOSSES[random.nextInt(LOSSES.length)];
        int channels = dim(1, 4);
        int height = dim(1, 24);
        int width = dim(1, 24);
        List<FuzzLayer> layers = new ArrayList<>();
        if (random.nextInt(6) == 0) {
            layers.add(augmentation("a0"));
        }
        int body = random.nextInt(6);
        boolean flat = false;
        for (int i = 0; i < body; i++) {
            String name = "l" + i;
            int pick = random.nextInt(19);
            if (!flat && pick < 4) {
                layers.add(conv(name));
            } else if (!flat && pick < 6) {
                layers.add(pool(name, random.nextBoolean() ? "MaxPool2d" : "AvgPool2d"));
            } else if (pick < 7) {
                layers.add(dropout(name));
            } else if (pick < 8) {
                layers.add(new FuzzLayer(name, "Flatten", Map.of()));
                flat = true;
            } else if (pick < 9) {
                if (!flat && random.nextInt(4) > 0) {
                    layers.add(new FuzzLayer(name + "f", "Flatten", Map.of()));
                    flat = true;
                }
                layers.add(dense(name, 1 + random.nextInt(16), pickActivation()));
            } else if (pick < 10) {
                layers.add(batchNorm(name));
            } else if (pick < 11 && !flat) {
                layers.add(new FuzzLayer(name, "GlobalAvgPool2d", Map.of()));
                flat = true;
            } else if (pick < 14 && !layers.isEmpty()) {
                merge(layers, name, pick == 11 ? "Add" : pick == 12 ? "Concat" : "Multiply");
            } else if (pick < 15 && !flat && !layers.isEmpty()) {
                // squeeze-and-excitation: the image times its channels' means
                String image = layers.get(layers.size() - 1).name();
                layers.add(new FuzzLayer(name + "g", "GlobalAvgPool2d", Map.of()));
                layers.add(new FuzzLayer(name, "Multiply", Map.of("from", random.nextBoolean()
                        ? new String[] {image, name + "g"} : new String[] {name + "g", image})));
            } else if (pick < 16) {
                int start = random.nextInt(3);
                int[] range = random.nextInt(20) == 0 ? new int[] {start} : new int[] {start, start + 1 + random.nextInt(4)};
                layers.add(new FuzzLayer(name, "Slice", Map.of("channels", chance() ? new int[] {3, 1} : range)));
            } else if (pick < 17) {
                layers.add(new FuzzLayer(name, "ChannelShuffle", Map.of("groups", value(1, 4))));
            } else if (pick < 18 && random.nextInt(4) == 0) {
                layers.add(augmentation(name)); // not at the start: invalid
            } else {
                layers.add(dropout(name));
            }
        }
        tail(layers, loss, flat);
        return new FuzzSpec(className, channels, height, width, loss, layers);
    }

    /** A merge of the previous layer with itself or with the layer before it. */
    private void merge(List<FuzzLayer> layers, String name, String kind) {
        String previous = layers.get(layers.size() - 1).name();
        String other = layers.size() > 1 && random.nextBoolean() ? layers.get(layers.size() - 2).name() : previous;
        String[] from = random.nextInt(10) == 0 ? new String[] {previous, other, previous} : new String[] {previous, other};
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("from", from);
        if (kind.equals("Add") && random.nextBoolean()) {
            a.put("activation", pickActivation());
        }
        layers.add(new FuzzLayer(name, kind, a));
    }

    private FuzzLayer batchNorm(String name) {
        Map<String, Object> a = new LinkedHashMap<>();
        if (random.nextInt(3) == 0) {
            a.put("eps", chance() ? RATES[7 + random.nextInt(RATES.length - 7)] : "0.001");
        }
        if (random.nextInt(3) == 0) {
            a.put("momentum", chance() ? RATES[6 + random.nextInt(RATES.length - 6)] : "0.5");
        }
        if (random.nextBoolean()) {
            a.put("activation", pickActivation());
        }
        return new FuzzLayer(name, "BatchNorm", a);
    }

    /** One of the five augmentation kinds, mostly with values in range. */
    private FuzzLayer augmentation(String name) {
        String fraction = chance() ? RATES[5 + random.nextInt(RATES.length - 5)] : RATES[random.nextInt(5)];
        return switch (random.nextInt(5)) {
            case 0 -> new FuzzLayer(name, "RandomFlip", Map.of("mode", random.nextBoolean() ? "HORIZONTAL" : "BOTH"));
            case 1 -> {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("height", fraction);
                a.put("width", RATES[random.nextInt(4)]);
                a.put("fill", random.nextBoolean() ? "ZEROS" : "REFLECT");
                yield new FuzzLayer(name, "RandomTranslation", a);
            }
            case 2 -> new FuzzLayer(name, "RandomRotation", Map.of("degrees", chance() ? "200.0" : "15.0"));
            case 3 -> new FuzzLayer(name, "RandomZoom", Map.of("value", fraction));
            default -> new FuzzLayer(name, "RandomContrast", Map.of("value", chance() ? "1.5" : "0.2"));
        };
    }

    private void tail(List<FuzzLayer> layers, String loss, boolean flat) {
        if (random.nextInt(10) == 0) {
            return;
        }
        if (!flat && loss.equals("SOFTMAX_CROSS_ENTROPY") && random.nextInt(8) == 0) {
            layers.add(new FuzzLayer("out", "GlobalAvgPool2d", Map.of())); // class maps pooled into logits (SqueezeNet)
            return;
        }
        if (!flat && !loss.equals("MEAN_SQUARED_ERROR") && random.nextInt(8) > 0) {
            layers.add(new FuzzLayer("flat", "Flatten", Map.of()));
        }
        switch (loss) {
            case "SOFTMAX_CROSS_ENTROPY" -> layers.add(dense("out", 2 + random.nextInt(9), random.nextBoolean() ? "NONE" : "SOFTMAX"));
            case "BINARY_CROSS_ENTROPY" -> layers.add(dense("out", 1, random.nextBoolean() ? "SIGMOID" : "NONE"));
            default -> layers.add(random.nextBoolean() ? conv("out") : dense("out", 1 + random.nextInt(8), pickActivation()));
        }
    }

    private FuzzLayer conv(String name) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("filters", value(1, 6));
        if (random.nextInt(4) == 0) {
            a.put("groups", value(1, 3));
        }
        a.put("kernel", pair(1, 5));
        if (random.nextInt(3) == 0) {
            a.put("stride", pair(1, 3));
        }
        boolean same = random.nextInt(3) == 0;
        if (same) {
            a.put("same", true);
        }
        if (random.nextInt(3) == 0 && (!same || chance())) {
            a.put("padding", pair(0, 2));
        }
        if (random.nextInt(5) == 0) {
            a.put("dilation", pair(1, 3));
        }
        if (random.nextInt(4) == 0) {
            a.put("paddingMode", random.nextBoolean() ? "REPLICATE" : "ZEROS");
        }
        if (random.nextInt(4) == 0) {
            a.put("bias", random.nextBoolean());
        }
        a.put("activation", pickActivation());
        if (random.nextInt(4) == 0) {
            a.put("init", INITS[random.nextInt(INITS.length)]);
        }
        return new FuzzLayer(name, "Conv2d", a);
    }

    private FuzzLayer pool(String name, String kind) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("size", pair(1, 3));
        if (random.nextInt(3) == 0) {
            a.put("stride", random.nextInt(10) == 0 ? new int[0] : pair(1, 3));
        }
        if (random.nextInt(4) == 0) {
            a.put("padding", pair(0, 1));
        }
        if (random.nextInt(3) == 0) {
            a.put("ceilMode", true);
        }
        if (kind.equals("AvgPool2d") && random.nextInt(3) == 0) {
            a.put("countIncludePad", false);
        }
        return new FuzzLayer(name, kind, a);
    }

    private FuzzLayer dense(String name, int units, String activation) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("units", chance() ? HOSTILE[random.nextInt(HOSTILE.length)] : units);
        a.put("activation", activation);
        if (random.nextInt(4) == 0) {
            a.put("bias", random.nextBoolean());
        }
        if (random.nextInt(4) == 0) {
            a.put("init", INITS[random.nextInt(INITS.length)]);
        }
        return new FuzzLayer(name, "Dense", a);
    }

    private FuzzLayer dropout(String name) {
        String rate = chance() ? RATES[6 + random.nextInt(RATES.length - 6)] : RATES[random.nextInt(6)];
        return new FuzzLayer(name, "Dropout", Map.of("rate", rate));
    }

    private String pickActivation() {
        return random.nextInt(12) == 0 ? "SOFTMAX" : ACTIVATIONS[random.nextInt(ACTIVATIONS.length - 1)];
    }

    private boolean chance() {
        return random.nextDouble() < hostility;
    }

    private int dim(int min, int max) {
        return chance() ? HOSTILE[random.nextInt(HOSTILE.length)] : min + random.nextInt(max - min + 1);
    }

    private int value(int min, int max) {
        return dim(min, max);
    }

    /** One value (mostly), two, or a hostile arity of zero or three. */
    private int[] pair(int min, int max) {
        int arity = random.nextInt(20) == 0 ? (random.nextBoolean() ? 0 : 3) : random.nextInt(4) == 0 ? 2 : 1;
        int[] values = new int[arity];
        for (int i = 0; i < arity; i++) {
            values[i] = dim(min, max);
        }
        return values;
    }
}
