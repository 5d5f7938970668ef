package dev.kiln.runtime.train;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.io.CheckpointException;
import dev.kiln.runtime.io.SafeTensors;
import dev.kiln.runtime.optim.OptimizerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run needs to continue exactly where it stopped, saved by the
 * {@link Trainer} after every epoch and when it is asked to stop ({@value #FILE} beside the best
 * checkpoint): the parameters, the best epoch's parameters, the optimiser's state, the position
 * (epoch, steps done in it, steps done in all), the running sums of the epoch in progress, the
 * early-stopping counters and the history. The random state needs no saving: the batch order of
 * epoch {@code e} is the seed's generator after {@code e} shuffles, replayed on resume, and dropout
 * masks are derived from the seed and the global step. A run resumed from this state gives the same
 * parameters, optimiser state and history as an uninterrupted one (on the Java backend, bit for bit).
 *
 * @param fingerprint   the settings and data size that must match to resume, one {@code name=value} per line (see {@link Trainer})
 * @param epoch         the 1-based epoch in progress
 * @param stepsDone     steps of that epoch already done (0: the epoch has not started)
 * @param globalStep    steps done in all epochs
 * @param lossSum       the epoch's summed loss so far
 * @param right         the epoch's correct predictions so far
 * @param seen          the epoch's images so far
 * @param bestLoss      the best monitored loss so far
 * @param bestEpoch     its epoch, 0 before the first
 * @param sinceBest     epochs since it
 * @param epochs        the finished epochs' records
 * @param params        the parameters
 * @param best          the best epoch's parameters
 * @param optimizer     the optimiser's state
 * @param runningState  the network's running statistics (batch norm), empty when it has none
 * @param bestRunningState the best epoch's running statistics, restored with its parameters at the end; empty when
 *                         the network has none
 */
public record TrainingState(String fingerprint, int epoch, int stepsDone, long globalStep, double lossSum, long right, long seen,
                            double bestLoss, int bestEpoch, int sinceBest, List<History.Epoch> epochs, float[] params,
                            float[] best, OptimizerState optimizer, float[] runningState, float[] bestRunningState) {

    /** The file name inside the checkpoint directory. */
    public static final String FILE = "training-state.safetensors";

    /** The settings the {@link Trainer} compares on resume, as {@link #fingerprint} holds them: one {@code name=value} per line. */
    static String encodeSettings(Map<String, String> settings) {
        StringBuilder b = new StringBuilder();
        settings.forEach((k, v) -> b.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
        return b.toString();
    }

    /** The settings in {@link #fingerprint}, by name; null for a state written before they were kept by name. */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        for (String line : fingerprint.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            s.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return s;
    }

    /** Writes the state atomically: a crash leaves the previous state or this one. */
    public void write(Path file) {
        LinkedHashMap<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("params", SafeTensors.Tensor.f32(new int[] {params.length}, params));
        tensors.put("best", SafeTensors.Tensor.f32(new int[] {best.length}, best));
        if (runningState.length > 0) {
            tensors.put("running_state", SafeTensors.Tensor.f32(new int[] {runningState.length}, runningState));
            tensors.put("best_running_state", SafeTensors.Tensor.f32(new int[] {bestRunningState.length}, bestRunningState));
        }
        if (optimizer.first() != null) {
            tensors.put("optimizer.first", SafeTensors.Tensor.f32(new int[] {optimizer.first().length}, optimizer.first()));
        }
        if (optimizer.second() != null) {
            tensors.put("optimizer.second", SafeTensors.Tensor.f32(new int[] {optimizer.second().length}, optimizer.second()));
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kiln.state", "1");
        m.put("fingerprint", fingerprint);
        m.put("epoch", Integer.toString(epoch));
        m.put("steps_done", Integer.toString(stepsDone));
        m.put("global_step", Long.toString(globalStep));
        m.put("loss_sum", bits(lossSum));
        m.put("right", Long.toString(right));
        m.put("seen", Long.toString(seen));
        m.put("best_loss", bits(bestLoss));
        m.put("best_epoch", Integer.toString(bestEpoch));
        m.put("since_best", Integer.toString(sinceBest));
        m.put("optimizer_steps", Long.toString(optimizer.steps()));
        StringBuilder h = new StringBuilder();
        for (History.Epoch e : epochs) {
            h.append(e.epoch()).append(' ').append(bits(e.trainLoss())).append(' ').append(bits(e.trainAccuracy())).append(' ')
                    .append(bits(e.validationLoss())).append(' ').append(bits(e.validationAccuracy())).append(' ')
                    .append(bits(e.imagesPerSecond())).append(' ').append(bits(e.seconds())).append(' ')
                    .append(bits(e.learningRate())).append(';');
        }
        m.put("history", h.toString());
        SafeTensors.write(file, tensors, m);
    }

    /**
     * Reads a state {@link #write} wrote.
     *
     * @throws KilnException when the file is missing, damaged or not a training state
     */
    public static TrainingState read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KilnException("no training state to resume at " + file + ": the run saves one after every epoch "
                    + "and when it is interrupted");
        }
        SafeTensors.Contents c;
        try {
            c = SafeTensors.read(file);
        } catch (CheckpointException e) {
            throw new KilnException("cannot resume from " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> m = c.metadata();
        if (!"1".equals(m.get("kiln.state")) || !c.tensors().containsKey("params") || !c.tensors().containsKey("best")) {
            throw new KilnException("cannot resume from " + file + ": it is not a Kiln training state");
        }
        try {
            List<History.Epoch> epochs = new ArrayList<>();
            for (String line : m.get("history").split(";")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(" ");
                epochs.add(new History.Epoch(Integer.parseInt(f[0]), real(f[1]), real(f[2]), real(f[3]), real(f[4]), real(f[5]),
                        real(f[6]), real(f[7])));
            }
            SafeTensors.Tensor first = c.tensors().get("optimizer.first");
            SafeTensors.Tensor second = c.tensors().get("optimizer.second");
            SafeTensors.Tensor running = c.tensors().get("running_state");
            // a state saved before the best epoch's statistics were kept: its running statistics stand in
            SafeTensors.Tensor bestRunning = c.tensors().getOrDefault("best_running_state", running);
            return new TrainingState(m.get("fingerprint"), Integer.parseInt(m.get("epoch")), Integer.parseInt(m.get("steps_done")),
                    Long.parseLong(m.get("global_step")), real(m.get("loss_sum")), Long.parseLong(m.get("right")),
                    Long.parseLong(m.get("seen")), real(m.get("best_loss")), Integer.parseInt(m.get("best_epoch")),
                    Integer.parseInt(m.get("since_best")), List.copyOf(epochs), c.tensors().get("params").data(),
                    c.tensors().get("best").data(), new OptimizerState(Long.parseLong(m.get("optimizer_steps")),
                    first == null ? null : first.data(), second == null ? null : second.data()),
                    running == null ? new float[0] : running.data(), bestRunning == null ? new float[0] : bestRunning.data());
        } catch (RuntimeException e) {
            throw new KilnException("cannot resume from " + file + ": its metadata is damaged (" + e + ")", e);
        }
    }

    private static String bits(double d) {
        return Long.toHexString(Double.doubleToRawLongBits(d));
    }

    private static double real(String hex) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16));
    }
}
