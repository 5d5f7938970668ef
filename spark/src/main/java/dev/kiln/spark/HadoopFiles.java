package dev.kiln.spark;

import dev.kiln.runtime.KilnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files on any storage Hadoop's {@link FileSystem} reaches ({@code file:}, {@code hdfs:},
 * {@code s3a:} with its connector on the class path...), read with the Spark application's Hadoop
 * configuration ({@code spark.hadoop.*} settings included), on the driver to list and on the
 * executors to read. Serialisable: the configuration travels with the tasks that need it.
 */
final class HadoopFiles implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient Configuration conf;

    HadoopFiles(Configuration conf) {
        this.conf = conf;
    }

    /** A file or folder's status, or null when there is nothing there. */
    FileStatus status(URI uri) {
        try {
            FileSystem fs = FileSystem.get(uri, conf);
            Path p = new Path(uri);
            return fs.exists(p) ? fs.getFileStatus(p) : null;
        } catch (IOException e) {
            throw new KilnException(uri + ": cannot read it (" + reason(e) + ")", e);
        }
    }

    boolean isDirectory(URI uri) {
        FileStatus s = status(uri);
        return s != null && s.isDirectory();
    }

    boolean isFile(URI uri) {
        FileStatus s = status(uri);
        return s != null && s.isFile();
    }

    /** The entries directly in folder {@code dir}. */
    List<FileStatus> list(URI dir) {
        try {
            FileSystem fs = FileSystem.get(dir, conf);
            return List.of(fs.listStatus(new Path(dir)));
        } catch (IOException e) {
            throw new KilnException(dir + ": cannot list the folder (" + reason(e) + ")", e);
        }
    }

    /** Every file below folder {@code dir}, at any depth. */
    List<FileStatus> listFilesRecursively(URI dir) {
        try {
            FileSystem fs = FileSystem.get(dir, conf);
            List<FileStatus> out = new ArrayList<>();
            walk(fs, new Path(dir), out);
            return out;
        } catch (IOException e) {
            throw new KilnException(dir + ": cannot list the folder (" + reason(e) + ")", e);
        }
    }

    private static void walk(FileSystem fs, Path dir, List<FileStatus> out) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            if (s.isDirectory()) {
                walk(fs, s.getPath(), out);
            } else {
                out.add(s);
            }
        }
    }

    /** Opens {@code uri} for reading; the caller closes the stream. */
    InputStream open(URI uri) {
        try {
            return FileSystem.get(uri, conf).open(new Path(uri));
        } catch (IOException e) {
            throw new KilnException(uri + ": cannot open it (" + reason(e) + ")", e);
        }
    }

    /**
     * The whole file, refusing one longer than {@code limit} bytes before reading it.
     *
     * @throws KilnException naming the file when it cannot be read or is too long
     */
    byte[] readAll(URI uri, long limit) {
        try {
            FileSystem fs = FileSystem.get(uri, conf);
            Path p = new Path(uri);
            long length = fs.getFileStatus(p).getLen();
            if (length > limit) {
                throw new KilnException(uri + ": " + length + " bytes is more than the " + limit + " a picture may take");
            }
            try (InputStream in = fs.open(p)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new KilnException(uri + ": cannot read it (" + reason(e) + ")", e);
        }
    }

    static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
