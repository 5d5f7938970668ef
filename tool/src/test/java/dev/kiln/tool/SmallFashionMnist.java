package dev.kiln.tool;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The first images of the real Fashion-MNIST files, written as the four standard IDX files in a
 * directory the tool reads with {@code --data}: the tool's tests run the real data path, briefly.
 */
final class SmallFashionMnist {
    static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private SmallFashionMnist() {
    }

    static boolean available() {
        return Files.isRegularFile(DEBIAN_DIR.resolve("train-images-idx3-ubyte.gz"));
    }

    /** Writes {@code train} training and {@code test} test images (and labels) into {@code dir}. */
    static Path write(Path dir, int train, int test) throws IOException {
        copy("train-images-idx3-ubyte", dir, train);
        copy("train-labels-idx1-ubyte", dir, train);
        copy("t10k-images-idx3-ubyte", dir, test);
        copy("t10k-labels-idx1-ubyte", dir, test);
        return dir;
    }

    /** Copies the header with the count replaced by {@code count}, then the first {@code count} records. */
    private static void copy(String name, Path dir, int count) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(DEBIAN_DIR.resolve(name + ".gz"))));
             OutputStream file = Files.newOutputStream(dir.resolve(name));
             DataOutputStream out = new DataOutputStream(file)) {
            int magic = in.readInt();
            int dims = magic & 0xFF;
            int total = in.readInt();
            if (count > total) {
                throw new IllegalArgumentException(name + " holds " + total + " records, " + count + " were asked for");
            }
            out.writeInt(magic);
            out.writeInt(count);
            int record = 1;
            for (int d = 1; d < dims; d++) {
                int size = in.readInt();
                out.writeInt(size);
                record *= size;
            }
            out.write(in.readNBytes(record * count));
        }
    }
}
