package dev.kiln.runtime.viz;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.io.OutputFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;

/** PNG encoding: to bytes, to a {@code data:} URI for the HTML report, or to a file (atomically). */
public final class Pngs {
    private Pngs() {
    }

    public static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("this JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a PNG in memory", e);
        }
        return bytes.toByteArray();
    }

    /** {@code data:image/png;base64,...}, for an {@code <img src>} that needs no file beside it. */
    public static String dataUri(BufferedImage image) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(encode(image));
    }

    /**
     * Writes {@code image} to {@code file} as {@link dev.kiln.runtime.io.OutputFiles} writes: only over a
     * regular file, through a temporary file and a rename, creating parent directories; a failure is
     * one {@link dev.kiln.runtime.KilnException} line and leaves no temporary file.
     */
    public static void write(BufferedImage image, Path file) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0 && !name.substring(dot).equalsIgnoreCase(".png")) {
            throw new KilnException("cannot write " + file + ": Kiln draws PNG pictures, and a file named "
                    + name.substring(dot) + " would hold PNG bytes under another name; use a .png name");
        }
        OutputFiles.write(file, encode(image));
    }

    static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of(".").toAbsolutePath();
    }
}
