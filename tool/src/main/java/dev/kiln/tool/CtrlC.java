package dev.kiln.tool;

import dev.kiln.runtime.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) or SIGTERM during training: the first one asks the trainer to stop after the
 * step in progress, so that the verb writes what was done (history, report, training state) and
 * exits with 128 + the signal's number, as a shell reports a process the signal ended (130 for
 * SIGINT, 143 for SIGTERM); a second one ends the JVM at once. The signal is caught directly rather
 * than through a shutdown hook: during JVM shutdown the report could not be drawn (the picture code
 * registers hooks of its own, which shutdown refuses).
 */
final class CtrlC implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile int received;

    private CtrlC(Runnable stop) {
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                SignalHandler[] before = new SignalHandler[1];
                before[0] = Signal.handle(signal, s -> {
                    received = s.getNumber();
                    stop.run();
                    Signal.handle(s, before[0]); // a second Ctrl-C is not asked twice
                });
                signals.add(signal);
                previous.add(before[0]);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal is not available here (or the JVM runs with -Xrs): it then ends the run as before
            }
        }
    }

    static CtrlC stopping(Trainer trainer) {
        return new CtrlC(trainer::requestStop);
    }

    /** As {@link #stopping(Trainer)} for any run that stops on request ({@code spark-train}'s). */
    static CtrlC stopping(Runnable requestStop) {
        return new CtrlC(requestStop);
    }

    /** The exit status of a run the first signal stopped: 128 + its number; 130 (Ctrl-C's) when none came. */
    int exitStatus() {
        return 128 + (received > 0 ? received : 2);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
