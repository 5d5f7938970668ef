package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.runtime.io.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The data options every verb that reads data shares, as plain values ({@link DataOption} fills
 * them from the command line): where the data is, how pictures become input, and which part of it
 * to use.
 *
 * @param dataDir     {@code --data}: IDX files, or an image folder; null for the spec's default data
 * @param testSplit   {@code --test-split}: the part of an image folder without train/ and test/ held out for testing
 * @param testSplitGiven whether {@code --test-split} was given (else {@code testSplit} is the default)
 * @param resize      {@code --resize}; null: the checkpoint's, else stretch
 * @param normalize   {@code --normalize}; null: the checkpoint's, else none
 * @param skipBad     {@code --skip-bad}: leave out unreadable pictures, counting them
 * @param labelsFile  {@code --labels}: class names for IDX data, one per line; null for the data's own
 * @param classes     {@code --classes}: only these classes, relabelled 0, 1, ... in this order; null for all
 * @param trainImages {@code --train-images}: at most this many training images (a seeded choice); 0 for all
 */
record DataOptions(Path dataDir, double testSplit, boolean testSplitGiven, Resize resize, Normalization normalize, boolean skipBad,
                   Path labelsFile, int[] classes, int trainImages) {

    static int[] parseClasses(String text) {
        try {
            int[] c = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            if (c.length == 0) {
                throw new NumberFormatException();
            }
            return c;
        } catch (NumberFormatException e) {
            throw new UsageException("--classes takes class numbers separated by commas, e.g. 0,1,2,3,4; got '" + text + "'");
        }
    }

    /** The resize mode: given, else the checkpoint's, else stretch. */
    Resize resizeOr(Map<String, String> checkpoint) {
        if (resize != null) {
            return resize;
        }
        String v = checkpoint.get("kiln.resize");
        return v == null ? Resize.STRETCH : Resize.parse(v);
    }

    /** The normalisation: given, else the checkpoint's, else none. */
    Normalization normalizeOr(Map<String, String> checkpoint) {
        if (normalize != null) {
            return normalize;
        }
        String v = checkpoint.get(Dataset.METADATA_NORMALIZE);
        return v == null ? Normalization.NONE : Normalization.parse(v);
    }

    /** The names in {@link #labelsFile}, one per non-blank line. */
    List<String> labelNames() {
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(labelsFile)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
            if (names.isEmpty()) {
                throw new KilnException("--labels " + labelsFile + ": no class names in it (one per line)");
            }
            return names;
        } catch (IOException e) {
            throw new KilnException("--labels " + labelsFile + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /** Class names from a checkpoint's metadata, if it has them. */
    static List<String> checkpointClasses(Map<String, String> metadata) {
        return Checkpoints.classNames(metadata);
    }
}
