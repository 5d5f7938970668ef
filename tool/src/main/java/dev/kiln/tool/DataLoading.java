package dev.kiln.tool;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.ImageFolder;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.train.Task;
import dev.kiln.samples.Recipe;
import dev.kiln.spec.NetworkSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Loads what a verb runs on: an image folder when {@code --data} names one (for a network of any
 * input shape), else the spec's {@link Recipe}; then applies {@code --labels}, {@code --classes},
 * {@code --normalize} and {@code --train-images}.
 */
final class DataLoading {
    /** Default settings for networks trained on an image folder. */
    static final int IMAGE_EPOCHS = 10;

    private DataLoading() {
    }

    /**
     * What a verb runs on.
     *
     * @param work  the task and default settings
     * @param train the training images (null when the verb did not ask for them)
     * @param test  the test images
     */
    record Prepared(Recipe work, Dataset train, Dataset test) {
    }

    /** Whether {@code dir} holds IDX files rather than an image folder. */
    static boolean isIdx(Path dir) {
        return Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"))
                || Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))
                || Files.isRegularFile(dir.resolve("t10k-images-idx3-ubyte"))
                || Files.isRegularFile(dir.resolve("t10k-images-idx3-ubyte.gz"));
    }

    static boolean isImageFolder(DataOptions options) {
        return options.dataDir() != null && !isIdx(options.dataDir()) && ImageFolder.isImageFolder(options.dataDir());
    }

    /**
     * Loads the data for {@code spec}.
     *
     * @param withTrain  whether the training images are needed (train), or only the test images
     * @param checkpoint metadata of the weights in use (resize and normalisation defaults); empty when training
     */
    static Prepared load(NetworkSpec spec, DataOptions options, boolean withTrain, Map<String, String> checkpoint,
                         long seed, PrintStream out) {
        checkTestSplit(options, out);
        Prepared p;
        if (isImageFolder(options)) {
            p = loadFolder(spec, options, checkpoint, withTrain, out);
        } else {
            if (options.dataDir() != null && !Files.isDirectory(options.dataDir())) {
                throw new KilnException("--data " + options.dataDir() + ": no such folder");
            }
            Recipe work = Recipe.of(spec);
            Dataset train = withTrain ? work.train(options.dataDir()) : null;
            Dataset test = work.test(options.dataDir());
            List<String> recorded = Checkpoints.classNames(checkpoint);
            if (options.dataDir() != null && options.labelsFile() == null && recorded.size() == test.classes()) {
                // IDX files name no classes (Fashion-MNIST's are a guess for --data DIR): the checkpoint's names stand
                train = train == null ? null : train.withClassNames(recorded);
                test = test.withClassNames(recorded);
            }
            Normalization n = options.normalizeOr(checkpoint);
            if (!n.isNone()) {
                train = train == null ? null : train.withNormalization(n);
                test = test.withNormalization(n);
            }
            p = new Prepared(work, train, test);
        }
        return refine(spec, p, options, seed, out);
    }

    /**
     * Before any picture is decoded: a test split of 0 on a folder of class folders leaves no test set (and
     * every run ends with one) and is refused; a {@code --test-split} that the data's own test set makes
     * moot is said to be ignored.
     */
    static void checkTestSplit(DataOptions options, PrintStream out) {
        Path dir = options.dataDir();
        boolean folder = isImageFolder(options);
        boolean ownTestSet = !folder || (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test")));
        if (ownTestSet) {
            if (options.testSplitGiven()) {
                out.println("--test-split is ignored: " + (folder ? dir + " has train/ and test/, and test/ is the test set"
                        : (dir == null ? "the spec's data" : dir) + " has its own test images"));
            }
            return;
        }
        if (options.testSplit() == 0) {
            throw new UsageException("--test-split 0 holds out no test pictures of " + dir + ", but a run ends by testing on "
                    + "them; give a fraction such as 0.2, or put the pictures in " + dir + "/train/<class>/ and " + dir
                    + "/test/<class>/");
        }
    }

    private static Prepared loadFolder(NetworkSpec spec, DataOptions options, Map<String, String> checkpoint,
                                       boolean withTrain, PrintStream out) {
        Path dir = options.dataDir();
        if (spec.input().channels() != 1 && spec.input().channels() != 3) {
            throw new KilnException(spec.simpleName() + " takes " + spec.input() + "; pictures give 1 (grey) or 3 (RGB)"
                    + " channels");
        }
        ImageFolder.Options folder = ImageFolder.Options.defaults()
                .withResize(options.resizeOr(checkpoint))
                .withNormalization(options.normalizeOr(checkpoint))
                .withSkipBad(options.skipBad())
                .withTestSplit(options.testSplit());
        long start = System.nanoTime();
        boolean terminal = out == System.out && System.console() != null;
        int[] lastTenth = {-1};
        ImageFolder.Progress progress = (done, total) -> {
            synchronized (lastTenth) {
                if (terminal) {
                    out.printf(Locale.ROOT, "\rdecoding %s: %,d/%,d pictures", dir, done, total);
                    if (done == total) {
                        out.println();
                    }
                } else if (done * 10 / total > lastTenth[0]) {
                    lastTenth[0] = done * 10 / total;
                    out.printf(Locale.ROOT, "decoding %s: %,d/%,d pictures%n", dir, done, total);
                }
            }
        };
        ImageFolder.Loaded loaded = withTrain ? ImageFolder.load(dir, spec.input(), folder, progress)
                : ImageFolder.loadTest(dir, spec.input(), folder, progress);
        double seconds = (System.nanoTime() - start) * 1e-9;
        long bytes = loaded.train().pixelBytes() + loaded.test().pixelBytes();
        out.printf(Locale.ROOT, "image folder %s (%s): %d classes %s, %,d training and %,d test pictures as %s %s (%s),"
                        + " kept as bytes: %.1f MB (floats would take %.1f MB), decoded in %.1f s on %d threads%n",
                dir, loaded.layout(), loaded.classNames().size(), loaded.classNames(), loaded.train().size(),
                loaded.test().size(), spec.input(), folder.resize().name().toLowerCase(Locale.ROOT),
                folder.normalization().isNone() ? "no normalisation" : "normalised " + folder.normalization(),
                bytes / 1e6, 4 * bytes / 1e6, seconds, folder.threads());
        if (!loaded.skipped().isEmpty()) {
            out.printf(Locale.ROOT, "skipped %d bad file%s (--skip-bad), e.g. %s%n", loaded.skipped().size(),
                    loaded.skipped().size() == 1 ? "" : "s", loaded.skipped().get(0));
        }
        if (loaded.systemFiles() > 0) {
            out.printf(Locale.ROOT, "ignored %d hidden or thumbnail-cache file%s (Thumbs.db, .DS_Store, ...)%n",
                    loaded.systemFiles(), loaded.systemFiles() == 1 ? "" : "s");
        }
        Task task = taskFor(spec, loaded.classNames(), dir);
        Recipe work = new Recipe("image folder " + dir, task, IMAGE_EPOCHS, 64, 1e-3, "adam", 0.1,
                d -> loaded.train(), d -> loaded.test());
        return new Prepared(work, withTrain ? loaded.train() : null, loaded.test());
    }

    /** Classification for softmax cross-entropy; for binary cross-entropy, the second class is the positive one. */
    static Task taskFor(NetworkSpec spec, List<String> classes, Object source) {
        if (spec.loss() == Loss.BINARY_CROSS_ENTROPY) {
            if (classes.size() != 2) {
                throw new KilnException(spec.simpleName() + " has one sigmoid unit (binary cross-entropy), so it needs"
                        + " exactly two classes, but " + source + " has " + classes.size() + " " + classes);
            }
            return Task.binaryClasses(classes);
        }
        if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            return Task.classification();
        }
        throw new KilnException(spec.simpleName() + " is trained with " + spec.loss() + "; an image folder gives class"
                + " labels, for SOFTMAX_CROSS_ENTROPY or BINARY_CROSS_ENTROPY");
    }

    /**
     * Before the first step: a softmax network is given no more classes than it has output units (refused
     * in one line otherwise); with fewer, it learns them on its first units and predicts only among them,
     * which this says in one line on {@code out}.
     */
    static void checkClasses(NetworkSpec spec, Task task, Dataset train, PrintStream out) {
        if (task.kind() != Task.Kind.CLASSIFICATION) {
            return;
        }
        int units = spec.output().intSize();
        int classes = train.classes();
        String net = spec.simpleName();
        if (classes > units) {
            throw new KilnException(net + " has " + units + " output units, but " + train.name() + " has " + classes
                    + " classes " + train.classNames() + "; give the network " + classes + " outputs, or keep " + units
                    + " classes with --classes");
        }
        if (classes < units) {
            out.printf(Locale.ROOT, "%s has %d output units and %s %d classes %s: it learns them on units 0 to %d and "
                            + "predicts only among them (units %d to %d stay unused)%n", net, units, train.name(), classes,
                    train.classNames(), classes - 1, classes, units - 1);
        }
    }

    private static Prepared refine(NetworkSpec spec, Prepared p, DataOptions options, long seed, PrintStream out) {
        Dataset train = p.train();
        Dataset test = p.test();
        Recipe work = p.work();
        if (options.labelsFile() != null) {
            List<String> names = options.labelNames();
            train = train == null ? null : train.withClassNames(names);
            test = test.withClassNames(names);
        }
        if (options.classes() != null) {
            train = train == null ? null : train.selectClasses(options.classes());
            test = test.selectClasses(options.classes());
            out.printf(Locale.ROOT, "classes %s: %s%s%n", Arrays.toString(options.classes()), test.classNames(),
                    train == null ? "" : String.format(Locale.ROOT, " (%,d training and %,d test images)", train.size(),
                            test.size()));
            if (work.task().kind() == Task.Kind.BINARY && isImageFolder(options)) {
                work = work.withTask(taskFor(spec, test.classNames(), options.dataDir()));
            }
        }
        if (train != null && options.trainImages() > 0 && options.trainImages() < train.size()) {
            int[] order = new int[train.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            SplittableRandom random = new SplittableRandom(seed ^ 0x7A11L);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int[] keep = Arrays.copyOf(order, options.trainImages());
            Arrays.sort(keep);
            train = train.subset(train.name(), keep);
            out.printf(Locale.ROOT, "training on %,d of the training images (--train-images, seeded)%n", train.size());
        }
        return new Prepared(work, train, test);
    }
}
