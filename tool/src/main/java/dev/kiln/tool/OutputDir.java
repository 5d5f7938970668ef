package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.io.OutputFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The {@code --out} directory of one training run, locked for the run's lifetime: a second run
 * into the same directory is refused while the first holds the lock ({@value #LOCK_FILE}, an
 * advisory lock the operating system drops when the process dies), and an earlier run's results are
 * never replaced silently: only with {@code --overwrite} (which deletes them first, so that a
 * shorter run leaves no stale pictures), or continued with {@code --resume}.
 */
final class OutputDir implements AutoCloseable {
    static final String LOCK_FILE = ".kiln.lock";
    /** What a run writes; their presence means an earlier run's results are there. */
    static final List<String> RESULTS = List.of("best.safetensors", "training-state.safetensors", "history.csv",
            "report.html", "curves.png", "steps.png", "confusion.png", "class-accuracy.png");

    final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private OutputDir(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates (if needed) and locks {@code dir}. With {@code overwrite}, an earlier run's results are
     * deleted; with {@code resume} they are kept for the run to continue; with neither they are refused.
     */
    static OutputDir open(Path dir, boolean overwrite, boolean resume) {
        if (Files.isSymbolicLink(dir) && !Files.isDirectory(dir)) {
            throw new KilnException("--out " + dir + " is a symbolic link to something that is not a directory");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new KilnException("--out " + dir + " is a file, not a directory; choose a directory for the run's results");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KilnException("--out " + dir + ": cannot create the directory (" + OutputFiles.reason(e) + ")", e);
        }
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            OutputFiles.requireWritable(lockFile);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new KilnException("--out " + dir + ": cannot write there (" + OutputFiles.reason(e) + ")", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            close(channel);
            throw new KilnException("--out " + dir + " is in use by another kiln train (it holds " + lockFile
                    + "); wait for it to finish or choose another --out");
        }
        OutputDir out = new OutputDir(dir, channel, lock);
        try {
            List<String> earlier = RESULTS.stream().filter(f -> Files.exists(dir.resolve(f), LinkOption.NOFOLLOW_LINKS)).toList();
            if (!earlier.isEmpty() && !overwrite && !resume) {
                throw new KilnException("--out " + dir + " already holds the results of an earlier run (" + String.join(", ", earlier)
                        + "); add --overwrite to replace them, --resume to continue that run, or choose another --out");
            }
            if (overwrite) {
                for (String f : earlier) {
                    Path file = dir.resolve(f);
                    OutputFiles.requireWritable(file);
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            out.close();
            throw new KilnException("--out " + dir + ": cannot remove the earlier results (" + OutputFiles.reason(e) + ")", e);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    Path resolve(String file) {
        return dir.resolve(file);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the lock goes with the channel
        }
        close(lockChannel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
