package dev.kiln.runtime.viz;

import java.util.List;

/** Argument checks shared by the renderers, with messages that name what is wrong. */
final class Checks {
    private Checks() {
    }

    /** The class count of a square matrix with one name per row; throws naming the mismatch. */
    static int square(long[][] counts, List<String> classNames, String what) {
        int k = classNames.size();
        if (k == 0) {
            throw new IllegalArgumentException("a " + what + " needs at least one class");
        }
        if (counts.length != k) {
            throw new IllegalArgumentException("the " + what + " has " + counts.length + " rows but there are " + k + " class names");
        }
        for (int i = 0; i < k; i++) {
            if (counts[i].length != k) {
                throw new IllegalArgumentException("row " + i + " of the " + what + " has " + counts[i].length
                        + " columns; a matrix for " + k + " classes needs " + k);
            }
        }
        return k;
    }

    static long[][] widen(int[][] counts) {
        long[][] wide = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            wide[i] = new long[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) {
                wide[i][j] = counts[i][j];
            }
        }
        return wide;
    }
}
