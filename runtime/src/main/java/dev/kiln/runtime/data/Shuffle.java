package dev.kiln.runtime.data;

import java.util.SplittableRandom;

/**
 * Fisher-Yates, the one shuffle every part of Kiln uses (a run's batch order, a validation split, a
 * picture folder's subset): the same seed gives the same order on every machine.
 */
public final class Shuffle {
    private Shuffle() {
    }

    /** Shuffles {@code order} in place with {@code random}. */
    public static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** {@code 0 .. n - 1} shuffled by the generator seeded {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, new SplittableRandom(seed));
        return order;
    }
}
