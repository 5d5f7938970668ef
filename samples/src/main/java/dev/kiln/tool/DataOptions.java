package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
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
 * The data options every verb that reads data shares, as plain values (parsed once here, so that
 * any command-line library can fill them): where the data is, how pictures become input, and which
 * part of it to use.
 *
 * @param dataDir     {@code --data}: IDX files, or an image folder; null for the spec's default data
 * @param testSplit   {@code --test-split}: the part of an image folder without train/ and test/ held out for testing
 * @param resize      {@code --resize}; null: the checkpoint's, else stretch
 * @param normalize   {@code --normalize}; null: the checkpoint's, else none
 * @param skipBad     {@code --skip-bad}: leave out unreadable pictures, counting them
 * @param labelsFile  {@code --labels}: class names for IDX data, one per line; null for the data's own
 * @param classes     {@code --classes}: only these classes, relabelled 0, 1, ... in this order; null for all
 * @param trainImages {@code --train-images}: at most this many training images (a seeded choice); 0 for all
 */
record DataOptions(Path dataDir, double testSplit, Resize resize, Normalization normalize, boolean skipBad,
                   Path labelsFile, int[] classes, int trainImages) {

    static final List<Option> OPTIONS = List.of(
            Option.value("data", "DIR", "the four Fashion-MNIST/MNIST IDX files (default /usr/share/datasets/fashion-mnist),"
                    + " or an image folder: DIR/<class>/* or DIR/train/<class>/* and DIR/test/<class>/*"),
            Option.value("test-split", "F", "image folder without train/ and test/: the part held out for testing, seeded"
                    + " (default 0.2)"),
            Option.value("resize", "stretch|crop|pad", "how pictures of another shape reach the input size (default:"
                    + " the checkpoint's, else stretch)"),
            Option.value("normalize", "MEAN,STD", "standardise pixels after scaling to [0, 1]; per channel"
                    + " M1,M2,M3,S1,S2,S3 (default: the checkpoint's, else none)"),
            Option.flag("skip-bad", "leave out files that are not readable PNG, JPEG, BMP or GIF pictures, and count them"),
            Option.value("labels", "FILE", "class names for IDX data, one per line"),
            Option.value("classes", "I,J,...", "use only these classes, numbered 0, 1, ... in this order"),
            Option.value("train-images", "N", "train on at most N images (a seeded choice; default all)"));

    /** The options of verbs that read only the test images: all but {@code --train-images}. */
    static final List<Option> TEST_OPTIONS = OPTIONS.subList(0, OPTIONS.size() - 1);

    static DataOptions from(Args args) {
        double split = args.fraction("test-split", 0.2);
        Resize resize = null;
        if (args.has("resize")) {
            resize = Resize.valueOf(args.choice("resize", "stretch", List.of("stretch", "crop", "pad")).toUpperCase());
        }
        Normalization normalize = null;
        if (args.has("normalize")) {
            try {
                normalize = Normalization.parse(args.string("normalize", ""));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return new DataOptions(args.path("data", null), split, resize, normalize, args.flag("skip-bad"),
                args.path("labels", null), args.has("classes") ? parseClasses(args.string("classes", "")) : null,
                args.integer("train-images", 0, 1));
    }

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
        String v = checkpoint.get(dev.kiln.runtime.data.Dataset.METADATA_NORMALIZE);
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
