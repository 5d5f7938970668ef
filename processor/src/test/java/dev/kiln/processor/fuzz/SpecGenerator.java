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
 * negative, huge, wrong arity, NaN rates) and a tail that fits the loss most of the time.
 */
final class SpecGenerator {
    private static final int[] HOSTILE = {0, -1, -7, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, 46_341, 65_536, 100_000};
    private static final String[] ACTIVATIONS = {"NONE", "RELU", "LEAKY_RELU", "SIGMOID", "TANH", "SOFTMAX"};
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
        int body = random.nextInt(5);
        boolean flat = false;
        for (int i = 0; i < body; i++) {
            String name = "l" + i;
            int pick = random.nextInt(10);
            if (!flat && pick < 4) {
                layers.add(conv(name));
            } else if (!flat && pick < 7) {
                layers.add(pool(name, random.nextBoolean() ? "MaxPool2d" : "AvgPool2d"));
            } else if (pick < 8) {
                layers.add(dropout(name));
            } else if (pick < 9) {
                layers.add(new FuzzLayer(name, "Flatten", Map.of()));
                flat = true;
            } else {
                if (!flat && random.nextInt(4) > 0) {
                    layers.add(new FuzzLayer(name + "f", "Flatten", Map.of()));
                    flat = true;
                }
                layers.add(dense(name, 1 + random.nextInt(16), pickActivation()));
            }
        }
        tail(layers, loss, flat);
        return new FuzzSpec(className, channels, height, width, loss, layers);
    }

    private void tail(List<FuzzLayer> layers, String loss, boolean flat) {
        if (random.nextInt(10) == 0) {
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
