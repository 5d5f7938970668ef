package dev.kiln.runtime.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a crash at any moment leaves either the old content or the new one, never
 * a mix: the new content goes to a temporary file in the same directory, is fsynced, renamed over
 * the target in one atomic step, and the directory is fsynced so that the rename itself survives a
 * power loss. The temporary file's name is fixed ({@code .NAME.kiln-tmp}), so a save killed midway
 * leaves at most one stale temporary file, which the next save overwrites. One writer per target.
 */
final class AtomicFiles {
    /** Writes the new content into the open temporary file. */
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    static Path temporaryFor(Path target) {
        Path absolute = target.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + ".kiln-tmp");
    }

    static void replace(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temporary = temporaryFor(absolute);
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new CheckpointException(target + ": cannot save (" + e + "); the previous file, if any, is unchanged", e);
        }
    }

    /** Makes the rename durable. Windows cannot open a directory as a channel; there NTFS journals renames. */
    private static void forceDirectory(Path dir) throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The save already failed and says so; a stale temporary file is overwritten by the next save.
        }
    }
}
