package dev.kiln.runtime;

import dev.kiln.runtime.train.Probabilities;
import dev.kiln.spec.NetworkSpec;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a classifier says about one image: a probability per class, with the class names. Built
 * from the network's outputs whatever its last layer emits: softmax outputs as they are, logits
 * through a softmax, one sigmoid unit {@code p} (or its logit) as the two classes {@code {1 - p, p}}.
 *
 * @param classNames    the names, in label order
 * @param probabilities one per class, adding up to 1
 */
public record Prediction(List<String> classNames, double[] probabilities) {

    /** One class and its probability. */
    public record Scored(String name, int index, double probability) {
    }

    /** Copies both lists and checks that there is one probability per class name. */
    public Prediction {
        classNames = List.copyOf(classNames);
        probabilities = probabilities.clone();
        if (classNames.size() != probabilities.length) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + classNames.size() + " class names");
        }
    }

    /**
     * Runs {@code image} ({@code (C, H, W)} floats) through {@code backend} (inference, dropout off)
     * and turns the outputs into probabilities for {@code classNames}.
     */
    public static Prediction of(Backend backend, float[] image, List<String> classNames) {
        NetworkSpec spec = backend.spec();
        float[] outputs = new float[spec.output().intSize()];
        backend.plan(1);
        backend.predict(image, 1, outputs);
        return new Prediction(classNames, probabilities(spec, outputs));
    }

    /** The most likely class. */
    public Scored best() {
        return top(1).get(0);
    }

    /** The {@code k} most likely classes, most likely first. */
    public List<Scored> top(int k) {
        return IntStream.range(0, probabilities.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -probabilities[i]))
                .limit(Math.max(0, k)).map(i -> new Scored(classNames.get(i), i, probabilities[i])).toList();
    }

    /** A classifier's outputs for one image as class probabilities ({@link Probabilities#of}). */
    public static double[] probabilities(NetworkSpec spec, float[] outputs) {
        return Probabilities.of(spec, outputs);
    }
}
