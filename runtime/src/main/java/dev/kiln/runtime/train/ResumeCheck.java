package dev.kiln.runtime.train;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.optim.LearningRateSchedule;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a saved run ({@link TrainingState}) can be resumed with a run's settings, for every trainer
 * that saves one: {@link Trainer}, and a data-parallel trainer elsewhere, which adds settings of its
 * own (its partitions) to {@link #settings}. The settings are kept by name, so a refusal names each one
 * that differs; only the number of epochs may change.
 */
public final class ResumeCheck {
    private ResumeCheck() {
    }

    /** The settings as {@link TrainingState#fingerprint()} keeps them. */
    public static String fingerprint(Map<String, String> settings) {
        return TrainingState.encodeSettings(settings);
    }

    /**
     * What must match for a saved run to be resumed: everything that decides the batches, the
     * learning rates and the updates, by name, in the order a message lists them. The number of epochs
     * is saved too, but may grow (or shrink to no fewer than are done) on resume.
     */
    public static Map<String, String> settings(NetworkSpec spec, TrainConfig config, int trainSize, int validationSize) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("network", spec.qualifiedName());
        s.put("training images", Integer.toString(trainSize));
        s.put("validation images", Integer.toString(validationSize));
        s.put("batch", Integer.toString(config.batch()));
        s.put("steps per epoch at most", config.maxStepsPerEpoch() == 0 ? "all" : Integer.toString(config.maxStepsPerEpoch()));
        s.put("optimizer", config.optimizer().toString());
        s.put("learning rate", History.plain(config.learningRate()));
        s.put("schedule", scheduleShape(config));
        s.put("seed", Long.toString(config.seed()));
        s.put(EPOCHS, Integer.toString(config.epochs()));
        return s;
    }

    private static final String EPOCHS = "epochs";

    /**
     * A schedule is code: it is compared by what it does, its rates (as fractions of the base rate) at the
     * start, the middle and the end of a reference run of 10 epochs of 100 steps, whatever this run's length.
     */
    private static String scheduleShape(TrainConfig config) {
        LearningRateSchedule schedule = config.schedule();
        return "rates " + History.plain(schedule.rate(1, 0, 0, 1000)) + "/" + History.plain(schedule.rate(1, 5, 500, 1000))
                + "/" + History.plain(schedule.rate(1, 9, 999, 1000)) + " of the base at the start/middle/end";
    }

    /**
     * Checks that {@code state} can continue with this run's {@code settings} ({@link #settings}, and a trainer's own)
     * and {@code config}, of {@code steps} steps per epoch and {@code totalSteps} in all; returns a note when the number of
     * epochs changed (saying how a schedule continues), else null.
     *
     * @throws KilnException in one line naming each setting that differs, with the saved run's value
     */
    public static String check(TrainingState state, Map<String, String> settings, TrainConfig config, int steps,
                               long totalSteps) {
        Map<String, String> saved = state.settings();
        if (saved == null) {
            throw new KilnException("cannot resume: the saved state was written by an earlier version of Kiln, whose "
                    + "settings cannot be compared; start the run again");
        }
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String before = saved.get(e.getKey());
            if (!e.getKey().equals(EPOCHS) && !e.getValue().equals(before)) {
                differ.add(e.getKey() + " " + e.getValue() + " (saved: " + before + ")");
            }
        }
        if (!differ.isEmpty()) {
            throw new KilnException("cannot resume: " + (differ.size() == 1 ? "a setting differs" : "settings differ")
                    + " from the saved run's: " + String.join(", ", differ) + "; resume with its settings (only the number of "
                    + "epochs may change)");
        }
        int savedEpochs = Integer.parseInt(saved.get(EPOCHS));
        int done = state.epoch() - (state.stepsDone() > 0 ? 0 : 1); // finished epochs, and the one in progress
        if (config.epochs() < done) {
            throw new KilnException("cannot resume with " + config.epochs() + " epochs: the saved run has done " + done);
        }
        if (config.epochs() == savedEpochs) {
            return null;
        }
        long step = state.globalStep();
        long savedTotal = (long) steps * savedEpochs;
        int epoch = state.epoch() - 1;
        double base = config.learningRate();
        double then = config.schedule().rate(base, epoch, step, savedTotal);
        double now = config.schedule().rate(base, epoch, step, totalSteps);
        String change = "the run of " + savedEpochs + " epochs continues to " + config.epochs() + " (" + String.format(
                Locale.ROOT, "%,d", totalSteps) + " steps in all), from epoch " + state.epoch() + " after step "
                + state.stepsDone();
        if (then == now && config.schedule().rate(base, config.epochs() - 1, totalSteps - 1, totalSteps)
                == config.schedule().rate(base, savedEpochs - 1, savedTotal - 1, savedTotal)) {
            return change + "; the learning rate schedule is as before";
        }
        return change + "; the learning rate schedule is stretched over all " + config.epochs() + " epochs, as if the run "
                + "had been started with them: it goes on at " + History.plain(now) + " (" + History.plain(then)
                + " in the run of " + savedEpochs + ") and reaches " + History.plain(config.schedule().rate(base,
                config.epochs() - 1, totalSteps, totalSteps)) + " at the new end";
    }

}
