package dev.kiln.spark;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fashion-MNIST as Spark rows, made on the executors from the IDX files (as a job on a cluster
 * would read its images from shared storage), so nothing large travels inside tasks: columns
 * {@code id} (long), {@code label} (int) and {@code image}, either the pixels as {@code array<float>}
 * (scaled to [0, 1] as the loader scales them) or a grey PNG of the image ({@code binary}).
 */
final class FashionRows {
    static final StructType PIXELS = new StructType().add("id", DataTypes.LongType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("image", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    static final StructType PNGS = new StructType().add("id", DataTypes.LongType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("image", DataTypes.BinaryType, false);

    private static Dataset train;
    private static Dataset test;

    private FashionRows() {
    }

    static synchronized Dataset train() {
        if (train == null) {
            train = FashionMnist.train(null);
        }
        return train;
    }

    static synchronized Dataset test() {
        if (test == null) {
            test = FashionMnist.test(null);
        }
        return test;
    }

    /** The first {@code count} images of the training ({@code testSet} false) or test set, in order, in {@code partitions} partitions. */
    static org.apache.spark.sql.Dataset<Row> rows(SparkSession spark, boolean testSet, int count, int partitions, boolean png) {
        return spark.range(0, count, 1, partitions).toDF()
                .mapPartitions(new Make(testSet, png), Encoders.row(png ? PNGS : PIXELS));
    }

    /** A grey 8-bit PNG of image {@code index}: its pixels are the IDX bytes, so decoding gives the loader's floats back. */
    static byte[] png(Dataset data, int index) {
        int h = data.shape().height();
        int w = data.shape().width();
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((java.awt.image.DataBufferByte) picture.getRaster().getDataBuffer()).getData();
        int size = h * w;
        for (int i = 0; i < size; i++) {
            raster[i] = (byte) Math.round(data.images()[index * size + i] * 255f);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(picture, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private record Make(boolean testSet, boolean png) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> ids) {
            Dataset data = testSet ? test() : train();
            int size = data.shape().intSize();
            List<Row> rows = new ArrayList<>();
            while (ids.hasNext()) {
                int i = (int) ids.next().getLong(0);
                Object image;
                if (png) {
                    image = FashionRows.png(data, i);
                } else {
                    float[] pixels = new float[size];
                    System.arraycopy(data.images(), i * size, pixels, 0, size);
                    image = pixels;
                }
                rows.add(RowFactory.create((long) i, data.labels()[i], image));
            }
            return rows.iterator();
        }
    }
}
