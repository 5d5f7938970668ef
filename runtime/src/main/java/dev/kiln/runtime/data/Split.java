package dev.kiln.runtime.data;

import dev.kiln.runtime.KilnException;
import java.util.Arrays;

/**
 * A validation set taken from the training set, so that the test set serves only for the final
 * figure. The split is a seeded random choice (not stratified); within each part the images keep
 * their original order.
 */
public final class Split {
    private Split() {
    }

    /**
     * Splits {@code d} into {@code {train, validation}}: {@code round(size * validationFraction)}
     * images chosen at random with {@code seed} go to validation, the rest to train. The same seed
     * and dataset always give the same split.
     *
     * @param validationFraction in {@code [0, 1)}; 0 gives an empty validation set
     * @throws KilnException when the fraction is outside {@code [0, 1)} or leaves no training image
     */
    public static Dataset[] trainValidation(Dataset d, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new KilnException(d.name() + ": validation fraction " + validationFraction
                    + " is outside [0, 1); use e.g. 0.1 to hold out a tenth of the training images");
        }
        int[][] parts = trainValidationIndices(d.name(), d.size(), validationFraction, seed);
        return new Dataset[] {subset(d, d.name() + "/train", parts[0]), subset(d, d.name() + "/validation", parts[1])};
    }

    /**
     * The indices {@link #trainValidation} puts in each part of a dataset of {@code n} images named
     * {@code name}, {@code {train, validation}}, each in ascending order: what a cluster's driver
     * needs to split data it does not hold the same way.
     */
    public static int[][] trainValidationIndices(String name, int n, double validationFraction, long seed) {
        int validationCount = (int) Math.round(n * validationFraction);
        if (validationCount >= n) {
            throw new KilnException(name + ": validation fraction " + validationFraction + " of " + n
                    + " images leaves no training image");
        }
        int[] order = Shuffle.permutation(n, seed);
        int[] validation = Arrays.copyOfRange(order, 0, validationCount);
        int[] train = Arrays.copyOfRange(order, validationCount, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new int[][] {train, validation};
    }


    private static Dataset subset(Dataset d, String name, int[] indices) {
        return d.subset(name, indices);
    }
}
