package dev.kiln.runtime.train;

import dev.kiln.runtime.KilnException;
import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress on a terminal: on a TTY one bar redrawn in place (at most ten times a second)
 * with the epoch, step, loss, accuracy and images/s; elsewhere (a pipe, a log file, CI) plain lines
 * at every tenth of an epoch, so that logs stay readable. Each epoch ends with a summary line.
 */
public final class ProgressBar implements TrainListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private int epochs;
    private long lastDraw;
    private int lastTenth;
    private boolean lineOpen;

    /**
     * A progress display that writes to {@code out}.
     *
     * @param interactive redraw one line in place (a TTY) rather than print plain lines
     */
    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /**
     * A progress bar on {@code out}, interactive when the JVM has a console ({@code System.console() != null})
     * that is a terminal (from Java 22 on, a console exists for pipes too; {@code Console.isTerminal()} tells).
     */
    public static ProgressBar forTerminal(PrintStream out) {
        return new ProgressBar(out, isTerminal());
    }

    /** Whether standard input and output are a terminal, as far as the running Java can tell. */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22 a console exists only for a terminal
        }
    }

    @Override
    public void onResume(String note) {
        out.println(note);
    }

    @Override
    public void onStart(Start s) {
        epochs = s.config().epochs();
        out.printf(Locale.ROOT, "training %s on %s: %,d images%s, %,d steps per epoch, batch %d, %s lr %s%s, seed %d%n",
                s.spec().simpleName(), s.backend(), s.trainImages(),
                s.validationImages() > 0 ? String.format(Locale.ROOT, " (%,d held out for validation)", s.validationImages()) : "",
                s.stepsPerEpoch(), Math.min(s.config().batch(), s.trainImages()),
                s.config().optimizer().kind().name().toLowerCase(Locale.ROOT), History.plain(s.config().learningRate()),
                s.config().optimizer().details(), s.config().seed());
        out.flush();
    }

    @Override
    public void onStep(int epoch, int step, int steps, double loss, double accuracy, double imagesPerSecond) {
        if (step == 1) {
            lastTenth = 0;
        }
        if (interactive) {
            long now = System.nanoTime();
            if (step != steps && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            out.print("\r" + line(epoch, step, steps, loss, accuracy, imagesPerSecond) + "\u001b[K");
            lineOpen = true;
        } else {
            int tenth = (int) ((long) step * 10 / steps);
            if (tenth == lastTenth && step != steps) {
                return;
            }
            lastTenth = tenth;
            out.println(line(epoch, step, steps, loss, accuracy, imagesPerSecond));
        }
        out.flush();
    }

    @Override
    public void onEpoch(History.Epoch e, boolean best) {
        closeLine();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f", e.epoch(), epochs, e.trainLoss()));
        if (!Double.isNaN(e.trainAccuracy())) {
            sb.append(String.format(Locale.ROOT, ", accuracy %.4f", e.trainAccuracy()));
        }
        if (!Double.isNaN(e.validationLoss())) {
            sb.append(String.format(Locale.ROOT, ", val_loss %.4f", e.validationLoss()));
        }
        if (!Double.isNaN(e.validationAccuracy())) {
            sb.append(String.format(Locale.ROOT, ", val_accuracy %.4f", e.validationAccuracy()));
        }
        sb.append(String.format(Locale.ROOT, ", %,.0f images/s, %.1f s%s", e.imagesPerSecond(), e.seconds(), best ? " (best)" : ""));
        out.println(sb);
        out.flush();
    }

    @Override
    public void onEnd(History h) {
        closeLine();
        if (h.stoppedEarly()) {
            out.printf(Locale.ROOT, "early stop after epoch %d: no better loss since epoch %d%n", h.last().epoch(), h.bestEpoch());
        }
        if (h.restoredBest()) {
            out.printf(Locale.ROOT, "restored the parameters of epoch %d%n", h.bestEpoch());
        }
        out.flush();
    }

    @Override
    public void onFailure(KilnException error) {
        closeLine();
        out.flush();
    }

    /** One progress line: {@code epoch 1/3 [=====>     ] 420/844 loss 0.4312 accuracy 0.8421 1,234 images/s}. */
    String line(int epoch, int step, int steps, double loss, double accuracy, double imagesPerSecond) {
        int filled = (int) ((long) step * WIDTH / steps);
        StringBuilder bar = new StringBuilder(WIDTH + 2).append('[');
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        bar.append(']');
        String acc = Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, " accuracy %.4f", accuracy);
        return String.format(Locale.ROOT, "epoch %d/%d %s %d/%d loss %.4f%s %,.0f images/s",
                epoch, epochs, bar, step, steps, loss, acc, imagesPerSecond);
    }

    private void closeLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}
