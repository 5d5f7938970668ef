package dev.kiln.tool;

import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.Resize;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The mixin of verbs that read data: {@code --data DIR} (IDX files or an image folder) and how
 * pictures become input and which classes are used. {@link #options} hands them to
 * {@link DataLoading} as plain values; the spark verbs read {@code --data} as a URI their executors
 * open ({@link SparkData}).
 */
final class DataOption {
    @Option(names = "--data", paramLabel = "DIR", description = "the four Fashion-MNIST/MNIST IDX files (default "
            + "/usr/share/datasets/fashion-mnist), or an image folder: DIR/<class>/* or DIR/train/<class>/* and DIR/test/<class>/*"
            + " (the spark verbs: on storage every executor reads, also an hdfs://, s3a:// or file: URI)")
    String dir;

    @Option(names = "--test-split", paramLabel = "F", converter = Converters.Fraction.class,
            description = "image folder without train/ and test/: the part held out for testing, seeded (default 0.2)")
    Double testSplit;

    @Option(names = "--resize", paramLabel = "stretch|crop|pad", converter = ResizeConverter.class,
            description = "how pictures of another shape reach the input size (default: the checkpoint's, else stretch)")
    Resize resize;

    @Option(names = "--normalize", paramLabel = "MEAN,STD", converter = NormalizationConverter.class,
            description = "standardise pixels after scaling to [0, 1]; per channel M1,M2,M3,S1,S2,S3 "
                    + "(default: the checkpoint's, else none)")
    Normalization normalize;

    @Option(names = "--skip-bad", description = "leave out files that are not readable PNG, JPEG, BMP or GIF pictures, "
            + "and count them")
    boolean skipBad;

    @Option(names = "--labels", paramLabel = "FILE", description = "class names for IDX data, one per line")
    Path labels;

    @Option(names = "--classes", paramLabel = "I,J,...", converter = ClassesConverter.class,
            description = "use only these classes, numbered 0, 1, ... in this order")
    ClassList classes;

    /** The class numbers of {@code --classes}, one value (picocli would split an {@code int[]} into several). */
    record ClassList(int[] numbers) {
    }

    /** The options as values; {@code trainImages} is {@code train}'s {@code --train-images} (0 elsewhere). */
    DataOptions options(int trainImages) {
        return new DataOptions(dir == null ? null : Path.of(dir), testSplit != null ? testSplit : 0.2, testSplit != null, resize,
                normalize, skipBad, labels,
                classes == null ? null : classes.numbers(), trainImages);
    }

    /** {@code stretch}, {@code crop} or {@code pad}, in any case. */
    static final class ResizeConverter implements ITypeConverter<Resize> {
        @Override
        public Resize convert(String v) {
            try {
                return Resize.parse(v);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be one of stretch, crop, pad, got '" + v + "'");
            }
        }
    }

    /** {@code MEAN,STD} or per channel {@code M1,M2,M3,S1,S2,S3}. */
    static final class NormalizationConverter implements ITypeConverter<Normalization> {
        @Override
        public Normalization convert(String v) {
            try {
                return Normalization.parse(v);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("needs MEAN,STD or M1,M2,M3,S1,S2,S3 with positive STDs, got '" + v + "'");
            }
        }
    }

    /** Class numbers separated by commas. */
    static final class ClassesConverter implements ITypeConverter<ClassList> {
        @Override
        public ClassList convert(String v) {
            try {
                return new ClassList(DataOptions.parseClasses(v));
            } catch (UsageException e) {
                throw new TypeConversionException("needs class numbers separated by commas, e.g. 0,1,2,3,4, got '" + v + "'");
            }
        }
    }
}
