package dev.kiln.runtime.cluster;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.Resize;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Labelled pictures where every machine of a cluster can read them, and how to read them: the
 * executors read and decode them, the driver only lists them. The folder holds either the four
 * IDX files of Fashion-MNIST or MNIST ({@code train-images-idx3-ubyte} and the others, raw or
 * {@code .gz}) or an image folder laid out as {@link dev.kiln.runtime.data.image.ImageFolder} reads
 * one ({@code DIR/<class>/...}, or {@code DIR/train/<class>/...} and {@code DIR/test/<class>/...}).
 * The same options give the same training, validation and test images as on one machine.
 *
 * @param location      the folder as a URI: {@code file:/...}, {@code hdfs://namenode/...}, {@code s3a://bucket/...}
 * @param resize        how pictures of another size reach the network's input size
 * @param normalization applied after scaling pixels to [0, 1]
 * @param testSplit     for an image folder without {@code train/} and {@code test/}: the part held out for testing
 * @param skipBad       leave out (and count) files that are not pictures instead of failing
 * @param classes       only these classes, relabelled 0, 1, ... in this order; null for all
 * @param classNames    class names for IDX data (one per label); null for the data's own (Fashion-MNIST's, or the
 *                      folder names)
 */
public record ClusterData(URI location, Resize resize, Normalization normalization, double testSplit, boolean skipBad,
                          int[] classes, List<String> classNames) {
    /** Checks the location and the test split. */
    public ClusterData {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(resize, "resize");
        Objects.requireNonNull(normalization, "normalization");
        if (location.getScheme() == null) {
            throw new KilnException("the data location " + location + " has no scheme; use file:/..., hdfs://... or s3a://...");
        }
        if (!(testSplit >= 0 && testSplit < 1)) {
            throw new KilnException("the test split must be in [0, 1), but is " + testSplit);
        }
        classes = classes == null ? null : classes.clone();
        classNames = classNames == null ? null : List.copyOf(classNames);
    }

    /** A folder's pictures or IDX files as they are: stretched, not normalised, 20% test split, all classes. */
    public static ClusterData at(URI location) {
        return new ClusterData(location, Resize.STRETCH, Normalization.NONE, 0.2, false, null, null);
    }

    /**
     * {@code text} as a location: a URI with a scheme ({@code hdfs://...}) as it is, anything else as a local path
     * made absolute ({@code file:/...}), since executors do not share the driver's working directory.
     */
    public static URI location(String text) {
        if (text.matches("[A-Za-z][A-Za-z0-9+.-]+:/.*")) {
            try {
                return new URI(text);
            } catch (URISyntaxException e) {
                throw new KilnException("--data " + text + " is not a valid URI: " + e.getReason(), e);
            }
        }
        return Path.of(text).toAbsolutePath().normalize().toUri();
    }

    /** These options with {@code classes} and {@code names}. */
    public ClusterData withClasses(int[] newClasses, List<String> names) {
        return new ClusterData(location, resize, normalization, testSplit, skipBad, newClasses, names);
    }
}
