package dev.kiln.runtime.io;

import dev.kiln.runtime.KilnException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a result file (a picture, a report, a history CSV) the safe way: only over a regular
 * file or nothing (never through a symbolic link, over a device such as {@code /dev/full}, a
 * directory or a pipe), through a temporary file beside the target that is renamed over it in one
 * step and deleted on every failure path, with the permissions the user's umask gives a new file.
 * Every failure is one {@link KilnException} naming the file and the reason, e.g.
 * {@code cannot write /proc/x.png: No such file or directory}.
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    /** Writes {@code bytes} to {@code target}, replacing a regular file there. */
    public static void write(Path target, byte[] bytes) {
        Path dir = parentOf(target);
        requireWritable(target);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KilnException("cannot write " + target + ": cannot create the directory " + dir + " ("
                    + reason(e) + ")", e);
        }
        Path temporary = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".kiln-tmp");
        try {
            // CREATE_NEW without explicit permissions: the new file gets the umask's mode, as the target will
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            requireWritable(target); // it may have changed while we wrote
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KilnException("cannot write " + target + ": " + reason(e), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write already failed and says so
            }
        }
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Refuses a target that exists and is not a regular file: a symbolic link (whatever it points
     * to), a directory, a device, a pipe or a socket.
     */
    public static void requireWritable(Path target) {
        if (Files.isSymbolicLink(target)) {
            throw new KilnException("cannot write " + target + ": it is a symbolic link, and kiln does not write through "
                    + "links; remove it or choose another file");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            String what = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) ? "a directory" : "not a regular file (a device, "
                    + "pipe or socket)";
            throw new KilnException("cannot write " + target + ": it is " + what + "; choose a file name");
        }
    }

    /** The directory a file goes in, the working directory for a bare name. */
    public static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of(".").toAbsolutePath();
    }

    /** The operating system's reason, without Java's exception names. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return (f.getFile() != null ? f.getFile() + " " : "") + "exists and is not a directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
