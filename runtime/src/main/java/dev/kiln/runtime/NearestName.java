package dev.kiln.runtime;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the known name nearest to a mistyped one, for a model ({@code lenet5}, {@code LeNet}),
 * a verb ({@code trian}) or an option ({@code --epoch}, {@code --batch-size}, {@code --ouput}). A
 * candidate is near when it differs by a few edits (optimal string alignment distance, letters'
 * case ignored, a swap of two neighbours counting as one edit: at most 2, or a third of the
 * shorter name), or when one name begins with the other (at least three letters of it); the nearest
 * by distance wins, then the shorter.
 */
public final class NearestName {
    private NearestName() {
    }

    /** The candidate nearest to {@code word}, if any is near enough. */
    public static Optional<String> of(String word, Collection<String> candidates) {
        String w = bare(word);
        return candidates.stream().filter(c -> near(w, bare(c)))
                .min(Comparator.comparingInt((String c) -> distance(w, bare(c))).thenComparingInt(String::length)
                        .thenComparing(Comparator.naturalOrder()));
    }

    private static boolean near(String w, String c) {
        int shorter = Math.min(w.length(), c.length());
        if (shorter >= 3 && (w.startsWith(c) || c.startsWith(w))) {
            return true;
        }
        return distance(w, c) <= Math.max(2, shorter / 3);
    }

    /** Lower case, without the leading dashes of an option. */
    private static String bare(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '-') {
            i++;
        }
        return s.substring(i).toLowerCase(Locale.ROOT);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours, each 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {                 // prefixes of a
            for (int j = 1; j <= b.length(); j++) {             // prefixes of b
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
