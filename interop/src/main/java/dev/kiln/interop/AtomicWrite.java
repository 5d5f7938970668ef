package dev.kiln.interop;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file through a temporary sibling and a rename, so that a crash leaves the old file or the new one. */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    public static void bytes(Path file, byte[] content) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new InteropException("cannot write " + file + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename happened or the write failed and was reported
                }
            }
        }
    }
}
