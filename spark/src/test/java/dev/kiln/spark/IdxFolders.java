package dev.kiln.spark;

import dev.kiln.runtime.data.Dataset;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Small IDX folders for tests: the first images of Fashion-MNIST's training and test sets written as
 * the four standard files (gzip or raw), so that Spark's executors read a folder as they would read
 * the installed dataset, and one machine's {@link dev.kiln.runtime.data.FashionMnist} reads the same
 * folder for the expected figures.
 */
final class IdxFolders {
    private IdxFolders() {
    }

    /** {@code dir} with the first {@code train} training and {@code test} test images of Fashion-MNIST. */
    static Path write(Path dir, int train, int test, boolean gzip) {
        try {
            Files.createDirectories(dir);
            write(dir, "train", FashionRows.train(), train, gzip);
            write(dir, "t10k", FashionRows.test(), test, gzip);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path dir, String prefix, Dataset data, int count, boolean gzip) throws IOException {
        String suffix = gzip ? ".gz" : "";
        int h = data.shape().height();
        int w = data.shape().width();
        try (DataOutputStream out = new DataOutputStream(open(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), gzip))) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(h);
            out.writeInt(w);
            for (int i = 0; i < count * h * w; i++) {
                out.write(Math.round(data.images()[i] * 255f));
            }
        }
        try (DataOutputStream out = new DataOutputStream(open(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gzip))) {
            out.writeInt(0x00000801);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.write(data.labels()[i]);
            }
        }
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file));
        return gzip ? new GZIPOutputStream(out) : out;
    }
}
