package dev.kiln.spark;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.ImageDecoder;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.spec.Shape;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one row's image into a batch: image bytes through {@link ImageDecoder} (the image-folder
 * loader's decoder, pixels scaled to [0, 1] as every loader scales them, then standardised) or an array of pixels taken
 * as they are. One instance per task: it keeps the decoder's byte buffer.
 */
final class RowImages {
    private final int column;
    private final boolean bytes;
    private final int size;
    private final String network;
    private final Shape shape;
    private final ImageDecoder decoder;
    private final byte[] decoded;
    private final Normalization normalization;

    /** What a reader needs to know, checked on the driver; small and serialisable. */
    record Column(int index, boolean bytes) implements java.io.Serializable {
        /** The column {@code name} of {@code schema}, which must hold image bytes or pixel arrays for {@code shape}. */
        static Column of(StructType schema, String name, String network, Shape shape) {
            int i = RowImages.index(schema, name, "image");
            DataType type = schema.fields()[i].dataType();
            boolean bytes = type.equals(DataTypes.BinaryType);
            boolean pixels = type instanceof ArrayType a
                    && (a.elementType().equals(DataTypes.FloatType) || a.elementType().equals(DataTypes.DoubleType));
            if (!bytes && !pixels) {
                throw new KilnException("the image column '" + name + "' is " + type.simpleString()
                        + "; it must be binary (PNG, JPEG, BMP or GIF bytes) or array<float> / array<double> ("
                        + shape.intSize() + " pixels as " + network + " takes them, " + shape + " flattened)");
            }
            return new Column(i, bytes);
        }
    }

    RowImages(Column column, String network, Shape shape, Resize resize, Normalization normalization) {
        this.column = column.index();
        this.bytes = column.bytes();
        this.size = shape.intSize();
        this.network = network;
        this.shape = shape;
        this.decoder = bytes ? new ImageDecoder(shape.channels(), shape.height(), shape.width(), resize) : null;
        this.decoded = bytes ? new byte[size] : null;
        this.normalization = normalization;
    }

    /** The row's image into {@code target[offset .. offset + size)}; a {@link KilnException} says what is wrong with it. */
    void read(Row row, float[] target, int offset) {
        if (row.isNullAt(column)) {
            throw new KilnException("the image is null");
        }
        if (bytes) {
            decoder.decodeInto((byte[]) row.get(column), "the image", decoded, 0);
            ImageDecoder.toUnit(decoded, 0, size, target, offset);
            if (!normalization.isNone()) {
                int plane = shape.height() * shape.width();
                for (int c = 0; c < shape.channels(); c++) {
                    normalization.apply(target, offset + c * plane, plane, c);
                }
            }
            return;
        }
        Object value = row.get(column);
        int length = value instanceof float[] f ? f.length : value instanceof double[] d ? d.length
                : value instanceof scala.collection.Seq<?> q ? q.length() : value instanceof List<?> l ? l.size() : -1;
        if (length < 0) {
            throw new KilnException("the image is a " + value.getClass().getName() + ", not an array of pixels");
        }
        if (length != size) {
            throw new KilnException("the image has " + length + " pixels, but " + network + " takes " + size + " " + shape);
        }
        for (int i = 0; i < size; i++) {
            float f = pixel(value, i);
            if (f - f != 0) {
                throw new KilnException("pixel " + i + " is " + f + "; pixels must be finite");
            }
            target[offset + i] = f;
        }
    }

    /** Pixel {@code i} of an array column as Spark hands it over: a primitive array (when no conversion ran) or a sequence. */
    private static float pixel(Object value, int i) {
        Object v;
        if (value instanceof float[] f) {
            return f[i];
        } else if (value instanceof double[] d) {
            return (float) d[i];
        } else if (value instanceof scala.collection.Seq<?> q) {
            v = q.apply(i);
        } else {
            v = ((List<?>) value).get(i);
        }
        if (v == null) {
            throw new KilnException("pixel " + i + " is null");
        }
        return ((Number) v).floatValue();
    }

    /** The index of column {@code name}, or a {@link KilnException} listing the columns there are. */
    static int index(StructType schema, String name, String what) {
        List<String> names = List.of(schema.fieldNames());
        int i = names.indexOf(name);
        if (i < 0) {
            throw new KilnException("no " + what + " column '" + name + "'; the columns are " + names);
        }
        return i;
    }
}
