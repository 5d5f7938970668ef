package dev.kiln.spark;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.ImageDecoder;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.spec.Shape;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.LongAccumulator;

/**
 * On an executor: reads the images a {@link DataPlan.ShardPlan} names from storage, decodes them to
 * the network's input shape and keeps them as bytes, one byte per value ({@link Dataset#ofBytes}), as
 * the one-machine loaders do. IDX images are read in one pass over the file (skipping what other
 * partitions read); pictures one file at a time through {@link ImageDecoder}, the image-folder
 * loader's decoder. A picture that cannot be decoded fails the task naming the file, or, when the
 * plan says to skip bad pictures, is left out and counted in {@code skipped}.
 */
final class ShardReader implements Function<DataPlan.ShardPlan, Shard> {
    private static final long serialVersionUID = 1L;

    private final HadoopFiles files;
    private final LongAccumulator skipped;

    ShardReader(HadoopFiles files, LongAccumulator skipped) {
        this.files = files;
        this.skipped = skipped;
    }

    @Override
    public Shard call(DataPlan.ShardPlan plan) {
        DataPlan.ImageForm form = plan.form();
        Shape shape = Shape.of(form.channels(), form.height(), form.width());
        int size = shape.intSize();
        int n = plan.sourceIndex().length;
        byte[] pixels = new byte[Math.multiplyExact(n, size)];
        int[] labels = plan.labels();
        if (plan.source() instanceof DataPlan.IdxImages idx) {
            readIdx(idx, plan.sourceIndex(), pixels, size);
        } else if (plan.source() instanceof DataPlan.PictureFiles pictures) {
            ImageDecoder decoder = new ImageDecoder(form.channels(), form.height(), form.width(), Resize.valueOf(form.resize()));
            int kept = 0;
            int[] keptLabels = new int[n];
            for (int k = 0; k < n; k++) {
                String uri = pictures.uris()[plan.sourceIndex()[k]];
                try {
                    byte[] encoded = files.readAll(URI.create(uri), decoder.maxPixels() * 8 + (1 << 20));
                    decoder.decodeInto(encoded, uri, pixels, kept * size);
                } catch (KilnException e) {
                    if (!form.skipBad()) {
                        throw new BadRowException("picture " + uri + " (partition " + plan.partition() + "): " + e.getMessage()
                                + ". Fix or remove the file, or pass --skip-bad to leave such files out and count them.", e);
                    }
                    skipped.add(1);
                    continue;
                }
                keptLabels[kept++] = labels[k];
            }
            if (kept < n) {
                pixels = Arrays.copyOf(pixels, kept * size);
                labels = Arrays.copyOf(keptLabels, kept);
            }
        }
        Normalization normalization = new Normalization(form.mean(), form.std());
        Dataset data = Dataset.ofBytes(plan.name(), shape, pixels, labels, plan.classNames(), normalization, form.metadata());
        return new Shard(plan.partition(), data);
    }

    /** The images at {@code indices} (ascending) of an IDX file, in one pass. */
    private void readIdx(DataPlan.IdxImages idx, int[] indices, byte[] pixels, int size) {
        try (DataInputStream in = new DataInputStream(DataPlan.IdxStreams.open(files, idx.file()))) {
            int[] dims = DataPlan.IdxStreams.header(in, idx.file(), 0x00000803, 3);
            if (dims[0] != idx.count() || dims[1] != idx.height() || dims[2] != idx.width()) {
                throw new KilnException(idx.file() + " changed since the driver listed it: it now holds (" + dims[0] + ", "
                        + dims[1] + ", " + dims[2] + ") images, not (" + idx.count() + ", " + idx.height() + ", " + idx.width() + ")");
            }
            long position = 0;
            for (int k = 0; k < indices.length; k++) {
                long at = (long) indices[k] * size;
                skip(in, at - position, idx.file());
                in.readFully(pixels, k * size, size);
                position = at + size;
            }
        } catch (IOException e) {
            throw new KilnException(idx.file() + ": cannot read its images (" + HadoopFiles.reason(e) + ")", e);
        }
    }

    private static void skip(InputStream in, long bytes, URI file) throws IOException {
        long left = bytes;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new KilnException(file + ": the file ends before its last image");
                }
                s = 1;
            }
            left -= s;
        }
    }
}
