package dev.kiln.runtime.io;

import dev.kiln.spec.NetworkSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child JVM of {@link KillWhileSavingTest}: saves the two parameter sets of
 * {@link TestNets#wide()} alternately to the file named by its first argument, forever, starting
 * with the set its second argument names (the one the file does not hold, so every completed save
 * changes the file). It first saves
 * a small network once to a scratch file beside it, so that the code is loaded and the kills that follow
 * {@code ready} land in steady-state saves rather than in class loading. The test kills it with
 * SIGKILL at random moments.
 */
public final class CheckpointSaverMain {
    private CheckpointSaverMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        NetworkSpec spec = TestNets.wide();
        float[][] sets = {TestNets.pattern(spec, 0), TestNets.pattern(spec, 1)};
        Path warmUp = file.resolveSibling(file.getFileName() + ".warm-up");
        NetworkSpec tiny = TestNets.tiny();
        Checkpoints.save(warmUp, tiny, TestNets.pattern(tiny, 0), Map.of());
        System.out.println("ready");
        System.out.flush();
        int first = Integer.parseInt(args[1]);
        for (long i = first; ; i++) {
            int which = (int) (i & 1);
            Checkpoints.save(file, spec, sets[which], Map.of("kiln.set", String.valueOf(which)));
        }
    }
}
