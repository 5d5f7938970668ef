package dev.kiln.tool;

import dev.kiln.spec.NetworkSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The mixin of the verbs that write a training run's directory: {@code --out}, {@code --overwrite}
 * and {@code --resume}, opened as a {@link RunDirectory}.
 */
public final class RunOptions {
    @Option(names = "--out", paramLabel = "DIR", description = "where best.safetensors, history.csv and report.html go "
            + "(default runs/SPEC)")
    Path out;

    @Option(names = "--overwrite", description = "replace the results of an earlier run in --out (without it, kiln refuses)")
    boolean overwrite;

    @Option(names = "--resume", description = "continue the interrupted or finished run in --out from its last saved state "
            + "(training-state.safetensors), with the same options (a larger --epochs extends it); gives the same result "
            + "as a run never interrupted")
    boolean resume;

    /** {@code --out}, else {@code runs/SPEC}. */
    public Path dir(NetworkSpec spec) {
        return out != null ? out : Path.of("runs", spec.simpleName());
    }

    /** Whether {@code --resume} was given. */
    public boolean resume() {
        return resume;
    }

    /** Locks the run's directory and checks that the run may go there ({@link RunDirectory#open}). */
    public RunDirectory open(NetworkSpec spec) {
        return RunDirectory.open(dir(spec), overwrite, resume);
    }
}
