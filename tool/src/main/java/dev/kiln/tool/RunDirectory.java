package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.io.OutputFiles;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.TrainingState;
import dev.kiln.samples.Recipe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The {@code --out} directory of one training run, whichever verb trains ({@code kiln train}, or a
 * trainer elsewhere that writes the same results), locked for the run's lifetime.
 *
 * <ul>
 *   <li>A second run into the same directory is refused while the first holds the lock
 *       ({@value #LOCK_FILE}, an advisory lock the operating system drops when the process dies),
 *       from another process as from this one.</li>
 *   <li>An earlier run's results are never replaced silently: only with {@code --overwrite} (which
 *       deletes them, when the new run is about to start, so that a shorter run leaves no stale
 *       pictures), or continued with {@code --resume}, which needs the earlier run's
 *       {@value TrainingState#FILE}.</li>
 *   <li>A run that fails before writing anything (a bad {@code --init-from}, a missing device, a
 *       divergence in the first epoch) leaves nothing behind: not the lock file, nor a directory it
 *       created.</li>
 * </ul>
 * {@link #finish} writes the history and the report and prints the run's last lines.
 */
public final class RunDirectory implements AutoCloseable {
    public static final String LOCK_FILE = ".kiln.lock";
    public static final String HISTORY_FILE = "history.csv";
    public static final String REPORT_FILE = "report.html";
    /** What a run writes; their presence means an earlier run's results are there. */
    static final List<String> RESULTS = List.of(TrainConfig.CHECKPOINT_FILE, TrainingState.FILE, HISTORY_FILE, REPORT_FILE,
            "curves.png", "steps.png", "confusion.png", "class-accuracy.png");
    private static final int LOCK_ATTEMPTS = 5;

    private final Path dir;
    private final boolean created;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<String> earlier;
    private final boolean overwrite;
    private final TrainingState resumeState;

    private RunDirectory(Path dir, boolean created, FileChannel lockChannel, FileLock lock, List<String> earlier,
                         boolean overwrite, TrainingState resumeState) {
        this.dir = dir;
        this.created = created;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.earlier = earlier;
        this.overwrite = overwrite;
        this.resumeState = resumeState;
    }

    /**
     * Creates (if needed) and locks {@code dir}, checking before any work that the run can go there:
     * with {@code resume} it must hold an earlier run's training state, without {@code overwrite} or
     * {@code resume} it must not hold an earlier run's results.
     */
    public static RunDirectory open(Path dir, boolean overwrite, boolean resume) {
        if (overwrite && resume) {
            throw new UsageException("--overwrite and --resume exclude each other: one replaces the earlier run, the other "
                    + "continues it");
        }
        if (Files.isSymbolicLink(dir) && !Files.isDirectory(dir)) {
            throw new KilnException("--out " + dir + " is a symbolic link to something that is not a directory");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new KilnException("--out " + dir + " is a file, not a directory; choose a directory for the run's results");
        }
        if (resume && !Files.isRegularFile(dir.resolve(TrainingState.FILE))) {
            throw new KilnException("--resume: " + dir + " holds no " + TrainingState.FILE + ", so there is no run to continue"
                    + " there; leave out --resume to start one");
        }
        boolean created = !Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KilnException("--out " + dir + ": cannot create the directory (" + OutputFiles.reason(e) + ")", e);
        }
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        FileLock lock = null;
        try {
            for (int attempt = 0; lock == null && attempt < LOCK_ATTEMPTS; attempt++) {
                OutputFiles.requireWritable(lockFile);
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                Object opened = fileKey(lockFile);
                lock = tryLock(channel);
                if (lock == null) {
                    close(channel);
                    removeIfCreated(dir, created);
                    throw new KilnException("--out " + dir + " is in use by another kiln run (it holds " + lockFile
                            + "); wait for it to finish or choose another --out");
                }
                // the run that held the lock may have removed the file after we opened it: then this lock guards nothing
                if (opened == null || !opened.equals(fileKey(lockFile))) {
                    lock.release();
                    close(channel);
                    lock = null;
                }
            }
        } catch (IOException e) {
            close(channel);
            removeIfCreated(dir, created);
            throw new KilnException("--out " + dir + ": cannot write there (" + OutputFiles.reason(e) + ")", e);
        }
        if (lock == null) {
            close(channel);
            throw new KilnException("--out " + dir + ": the lock file " + lockFile + " keeps being replaced; is another "
                    + "program removing it?");
        }
        List<String> earlier = RESULTS.stream().filter(f -> Files.exists(dir.resolve(f), LinkOption.NOFOLLOW_LINKS)).toList();
        RunDirectory run = new RunDirectory(dir, created, channel, lock, earlier, overwrite, null);
        try {
            if (!earlier.isEmpty() && !overwrite && !resume) {
                throw new KilnException("--out " + dir + " already holds the results of an earlier run (" + String.join(", ", earlier)
                        + "); add --overwrite to replace them, --resume to continue that run, or choose another --out");
            }
            TrainingState state = resume ? TrainingState.read(dir.resolve(TrainingState.FILE)) : null;
            return new RunDirectory(dir, created, channel, lock, earlier, overwrite, state);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** A file in the directory. */
    public Path resolve(String file) {
        return dir.resolve(file);
    }

    /** The earlier run's saved state with {@code --resume}, else null. */
    public TrainingState resumeState() {
        return resumeState;
    }

    /**
     * With {@code --overwrite}, deletes the earlier run's results; call when the new run is about to
     * start, after everything that can be checked beforehand has been.
     */
    public void replaceEarlier() {
        if (!overwrite) {
            return;
        }
        for (String f : earlier) {
            Path file = dir.resolve(f);
            try {
                OutputFiles.requireWritable(file);
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new KilnException("--out " + dir + ": cannot remove the earlier results (" + OutputFiles.reason(e) + ")", e);
            }
        }
    }

    /**
     * Writes the history and {@code report.html} (with its pictures) of a finished or interrupted
     * run, then prints what was written and the result: {@code test accuracy: 0.xxxx} for a
     * classifier, the learned kernel for an image-target network, or how to continue an interrupted
     * run. Returns the exit status: 0, or {@code interruptedStatus} for an interrupted run.
     *
     * @param evaluation the test set's figures; null for an interrupted run
     * @param params     the trained parameters (the report draws the first conv layer's filters)
     */
    public int finish(PrintStream out, KilnModel model, String backend, Recipe recipe, TrainConfig config, History history,
                      StepRecorder steps, Evaluation evaluation, float[] params, int interruptedStatus) throws IOException {
        history.writeCsv(resolve(HISTORY_FILE));
        new TrainingReport(model, backend, recipe, config, history, steps, evaluation, params).write(dir);
        if (history.interrupted()) {
            out.println("interrupted in epoch " + history.interruptedEpoch() + " after step " + history.interruptedStep()
                    + ": wrote " + resolve(HISTORY_FILE) + ", " + resolve(REPORT_FILE) + " and " + resolve(TrainingState.FILE)
                    + (history.bestEpoch() > 0 ? " (best so far: epoch " + history.bestEpoch() + " in "
                    + config.checkpointFile() + ")" : "") + "; continue with --resume");
            return interruptedStatus;
        }
        Objects.requireNonNull(evaluation, "evaluation");
        out.println("wrote " + config.checkpointFile() + ", " + resolve(HISTORY_FILE) + " and " + resolve(REPORT_FILE));
        if (recipe.task().hasAccuracy()) {
            out.printf(Locale.ROOT, "test loss: %.4f%n", evaluation.loss());
            out.printf(Locale.ROOT, "test accuracy: %.4f%n", evaluation.accuracy());
        } else {
            Kernels.printLearned(out, model.spec(), params);
            out.printf(Locale.ROOT, "test loss: %.6f%n", evaluation.loss());
        }
        return 0;
    }

    /**
     * Releases the lock. A directory that holds nothing but the lock (the run failed before writing
     * anything) is left as it was found: the lock file goes, and the directory too if this run made it.
     */
    @Override
    public void close() {
        try {
            if (onlyTheLock()) {
                Files.deleteIfExists(dir.resolve(LOCK_FILE)); // while still holding it: see open
                removeIfCreated(dir, created);
            }
        } catch (IOException ignored) {
            // a left-over lock file is harmless: the next run locks it again
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // the lock goes with the channel
        }
        close(lockChannel);
    }

    private boolean onlyTheLock() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.allMatch(f -> f.getFileName().toString().equals(LOCK_FILE));
        }
    }

    private static void removeIfCreated(Path dir, boolean created) {
        if (!created) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.findAny().isEmpty()) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException ignored) {
            // not empty or already gone: nothing to tidy
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM
        }
    }

    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void close(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
