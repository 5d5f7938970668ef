package dev.kiln.spark;

import java.util.Comparator;
import java.util.List;

/**
 * The end of a round of local steps: the image-weighted average of the partitions' states
 * (parameters, running statistics, optimiser moments; the optimiser's step count is the largest),
 * summed in double precision in partition order so that every task and the driver get the same bits
 * whichever finished first, and the non-finite rule: a round in which a loss or the average is not
 * finite is discarded whole.
 */
final class Averaging {
    private Averaging() {
    }

    /** The round {@code from .. to} that {@code parts} (one per partition) did from {@code before}, averaged and checked. */
    static Rounds combine(List<LocalSteps.Result> parts, ModelState before, int from, int to) {
        List<LocalSteps.Result> sorted = parts.stream().sorted(Comparator.comparingInt(LocalSteps.Result::partition)).toList();
        LocalSteps.Result diverged = sorted.stream().filter(r -> r.divergedStep() >= 0)
                .min(Comparator.comparingInt(LocalSteps.Result::divergedStep)).orElse(null);
        if (diverged != null) {
            return new Rounds(List.of(), before, new Rounds.Divergence(diverged.divergedStep() + 1, diverged.partition(),
                    diverged.divergedLoss(), null, from));
        }
        ModelState averaged = average(sorted, before);
        String problem = notFinite(averaged);
        if (problem != null) {
            return new Rounds(List.of(), before, new Rounds.Divergence(to, -1, Double.NaN, problem, from));
        }
        long images = 0;
        double lossSum = 0;
        long right = 0;
        long slowest = 0;
        for (LocalSteps.Result r : sorted) {
            images += r.images();
            lossSum += r.lossSum();
            right += r.right();
            slowest = Math.max(slowest, r.nanos());
        }
        return new Rounds(List.of(new Rounds.Round(to, images, lossSum, right, slowest)), averaged, null);
    }

    /**
     * The average of the partitions' end states, each weighted by the images it trained on. Partitions in
     * {@code parts}' order; a round in which no partition trained leaves {@code before}, and one partition's state is
     * taken as it is.
     */
    static ModelState average(List<LocalSteps.Result> parts, ModelState before) {
        List<LocalSteps.Result> trained = parts.stream().filter(r -> r.images() > 0).toList();
        if (trained.isEmpty()) {
            return before;
        }
        if (trained.size() == 1) {
            return trained.get(0).end();
        }
        double[] weights = new double[trained.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = trained.get(i).images();
            total += weights[i];
        }
        List<ModelState> states = trained.stream().map(LocalSteps.Result::end).toList();
        long steps = states.stream().mapToLong(ModelState::optimizerSteps).max().orElse(0);
        return new ModelState(mean(states.stream().map(ModelState::params).toList(), weights, total),
                mean(states.stream().map(ModelState::state).toList(), weights, total), steps,
                before.first() == null ? null : mean(states.stream().map(ModelState::first).toList(), weights, total),
                before.second() == null ? null : mean(states.stream().map(ModelState::second).toList(), weights, total));
    }

    /** Where {@code s} holds a NaN or an infinity ({@code parameter 18 is NaN}), or null when everything is finite. */
    static String notFinite(ModelState s) {
        String[] names = {"parameter", "running statistic", "optimiser moment", "optimiser second moment"};
        float[][] arrays = {s.params(), s.state(), s.first(), s.second()};
        for (int a = 0; a < arrays.length; a++) {
            if (arrays[a] == null) {
                continue;
            }
            for (int i = 0; i < arrays[a].length; i++) {
                if (!Float.isFinite(arrays[a][i])) {
                    return names[a] + " " + i + " is " + arrays[a][i];
                }
            }
        }
        return null;
    }

    private static float[] mean(List<float[]> arrays, double[] weights, double total) {
        int length = arrays.get(0).length;
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            double sum = 0;
            for (int k = 0; k < arrays.size(); k++) {
                sum += weights[k] * arrays.get(k)[i];
            }
            out[i] = (float) (sum / total);
        }
        return out;
    }
}
