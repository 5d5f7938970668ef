package dev.kiln.runtime.data.image;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.Shuffle;
import dev.kiln.spec.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A folder of pictures as labelled data, laid out as torchvision's {@code ImageFolder} and Keras'
 * {@code image_dataset_from_directory} expect: either {@code DIR/train/<class>/...} and
 * {@code DIR/test/<class>/...}, or {@code DIR/<class>/...}, in which case a seeded fraction
 * ({@link Options#testSplit()}) of the pictures is held out as the test set. Class names are the
 * folder names in sorted order; pictures are found at any depth below a class folder and read in
 * sorted order.
 *
 * <p>Every picture is decoded once, on every core, by {@link ImageDecoder} to the network's input
 * shape, and kept as bytes ({@link Dataset#ofBytes}: a quarter of the memory of floats); batches
 * turn them into floats as they are filled. Hidden files and the thumbnail caches operating systems
 * leave ({@code Thumbs.db}, {@code desktop.ini}, {@code .DS_Store}) are ignored and counted; any
 * other file that is not a PNG, JPEG, BMP or GIF is an error naming it, or is left out and counted
 * with {@link Options#skipBad()}.
 */
public final class ImageFolder {
    /** The seed of the test split: fixed, so that a folder always gives the same test set whatever the training seed. */
    public static final long TEST_SPLIT_SEED = 0x5EED_7E57L;

    private static final List<String> SYSTEM_FILES = List.of("thumbs.db", "desktop.ini", ".ds_store");

    private ImageFolder() {
    }

    /**
     * How to read a folder.
     *
     * @param resize        how pictures of another aspect ratio reach the input size
     * @param normalization applied after scaling to [0, 1]
     * @param skipBad       leave out (and count) files that are not decodable pictures, instead of failing
     * @param testSplit     for a folder without {@code train/} and {@code test/}: the fraction held out for testing, in [0, 1)
     * @param threads       decoding threads, at least 1
     * @param maxPixels     the largest source picture accepted (width x height)
     */
    public record Options(Resize resize, Normalization normalization, boolean skipBad, double testSplit, int threads,
                          long maxPixels) {
        /** Checks that the test split is in [0, 1) and that there is at least one thread. */
        public Options {
            if (!(testSplit >= 0 && testSplit < 1)) {
                throw new KilnException("the test split must be in [0, 1), but is " + testSplit);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
        }

        /** Stretch, no normalisation, strict, 20% test split, every core, {@link ImageDecoder#DEFAULT_MAX_PIXELS}. */
        public static Options defaults() {
            return new Options(Resize.STRETCH, Normalization.NONE, false, 0.2, Runtime.getRuntime().availableProcessors(),
                    ImageDecoder.DEFAULT_MAX_PIXELS);
        }

        /** These options with another {@link #resize()}. */
        public Options withResize(Resize v) {
            return new Options(v, normalization, skipBad, testSplit, threads, maxPixels);
        }

        /** These options with another {@link #normalization()}. */
        public Options withNormalization(Normalization v) {
            return new Options(resize, v, skipBad, testSplit, threads, maxPixels);
        }

        /** These options with another {@link #skipBad()}. */
        public Options withSkipBad(boolean v) {
            return new Options(resize, normalization, v, testSplit, threads, maxPixels);
        }

        /** These options with another {@link #testSplit()}. */
        public Options withTestSplit(double v) {
            return new Options(resize, normalization, skipBad, v, threads, maxPixels);
        }

        /** These options with another {@link #threads()}. */
        public Options withThreads(int v) {
            return new Options(resize, normalization, skipBad, testSplit, v, maxPixels);
        }

        /** These options with another {@link #maxPixels()}. */
        public Options withMaxPixels(long v) {
            return new Options(resize, normalization, skipBad, testSplit, threads, v);
        }
    }

    /** Told how many pictures are decoded so far; called from decoding threads, at most about 100 times. */
    @FunctionalInterface
    public interface Progress {
        /** {@code done} of {@code total} pictures are decoded. */
        void decoded(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    /**
     * What was read.
     *
     * @param train        the training pictures (the trainer holds validation out of these)
     * @param test         the test pictures
     * @param layout       {@code "train/ and test/"} or {@code "class folders, 20% held out for testing"}
     * @param skipped      files left out by {@link Options#skipBad()}, with the reason each
     * @param systemFiles  hidden and thumbnail-cache files ignored
     */
    public record Loaded(Dataset train, Dataset test, String layout, List<String> skipped, int systemFiles) {
        /** The class names, in label order (the folder names, sorted). */
        public List<String> classNames() {
            return train.classNames();
        }
    }

    /** Whether {@code dir} is laid out as an image folder (class subfolders, or train/ and test/ with class subfolders). */
    public static boolean isImageFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        if (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"))) {
            return true;
        }
        return !subfolders(dir).isEmpty();
    }

    /**
     * Reads {@code dir} for a network taking {@code shape} ({@code channels} 1 or 3).
     *
     * @throws KilnException naming the folder or file when the layout is wrong (no class folder, an
     *                       empty class folder, a single class, train and test with different
     *                       classes) or a file is not a picture (without {@link Options#skipBad()})
     */
    public static Loaded load(Path dir, Shape shape, Options options, Progress progress) {
        return load(dir, shape, options, progress, true);
    }

    /**
     * Reads only the test pictures of {@code dir} (the same ones {@link #load} holds out), for
     * evaluation: the training pictures are listed but not decoded, and {@link Loaded#train()} is empty.
     */
    public static Loaded loadTest(Path dir, Shape shape, Options options, Progress progress) {
        return load(dir, shape, options, progress, false);
    }

    private static Loaded load(Path dir, Shape shape, Options options, Progress progress, boolean withTrain) {
        if (!Files.isDirectory(dir)) {
            throw new KilnException(dir + ": no such folder");
        }
        ImageDecoder decoder = new ImageDecoder(shape.channels(), shape.height(), shape.width(), options.resize())
                .withMaxPixels(options.maxPixels());
        options.normalization().check(shape.channels());
        Path trainDir = dir.resolve("train");
        Path testDir = dir.resolve("test");
        boolean split = Files.isDirectory(trainDir) && Files.isDirectory(testDir);
        List<Path> ignored = new ArrayList<>();
        List<Entry> trainFiles;
        List<Entry> testFiles;
        List<String> classes;
        String layout;
        if (split) {
            classes = classes(trainDir);
            List<String> testClasses = classes(testDir);
            if (!classes.equals(testClasses)) {
                throw new KilnException(dir + ": train/ has the class folders " + classes + " but test/ has "
                        + testClasses + "; both need the same classes (an empty folder is fine in neither)");
            }
            trainFiles = files(trainDir, classes, ignored);
            testFiles = files(testDir, classes, ignored);
            layout = "train/ and test/";
        } else {
            if (Files.isDirectory(trainDir) || Files.isDirectory(testDir)) {
                throw new KilnException(dir + ": has " + (Files.isDirectory(trainDir) ? "train/" : "test/")
                        + " but not " + (Files.isDirectory(trainDir) ? "test/" : "train/")
                        + ". Give both (each with one folder per class), or put the class folders directly in " + dir);
            }
            classes = classes(dir);
            List<Entry> all = files(dir, classes, ignored);
            int[][] parts = testSplitIndices(dir.toString(), all.size(), options.testSplit());
            trainFiles = Arrays.stream(parts[0]).mapToObj(all::get).toList();
            testFiles = Arrays.stream(parts[1]).mapToObj(all::get).toList();
            layout = String.format(java.util.Locale.ROOT, "class folders, %.0f%% held out for testing (seeded)",
                    options.testSplit() * 100);
        }
        long bytes = (long) (trainFiles.size() + testFiles.size()) * shape.size();
        if (bytes > Integer.MAX_VALUE - 8L) {
            throw new KilnException(dir + ": " + (trainFiles.size() + testFiles.size()) + " pictures of " + shape
                    + " take " + bytes + " bytes, more than one Java array holds; use fewer pictures or a smaller input");
        }
        if (!withTrain) {
            trainFiles = List.of();
        }
        int total = trainFiles.size() + testFiles.size();
        AtomicInteger done = new AtomicInteger();
        List<String> skipped = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("kiln.resize", options.resize().name().toLowerCase(java.util.Locale.ROOT));
        if (!options.normalization().isNone()) {
            metadata.put(Dataset.METADATA_NORMALIZE, options.normalization().toString());
        }
        Dataset train = decodeAll(dir.getFileName() + "/train", trainFiles, classes, decoder, options, progress, done,
                total, skipped, metadata);
        Dataset test = decodeAll(dir.getFileName() + "/test", testFiles, classes, decoder, options, progress, done,
                total, skipped, metadata);
        if (withTrain && train.size() == 0) {
            throw new KilnException(dir + ": no training picture could be read (" + skipped.size() + " skipped)");
        }
        return new Loaded(train, test, layout, List.copyOf(skipped), ignored.size());
    }

    /**
     * Which of the {@code n} pictures of a folder without {@code train/} and {@code test/} (in the
     * order {@link #load} lists them) are held out for testing: {@code {train, test}} indices, each in
     * ascending order, drawn with {@link #TEST_SPLIT_SEED}. At least one picture is held out when
     * {@code testSplit} is above 0.
     *
     * @throws KilnException when no picture would be left to train on
     */
    public static int[][] testSplitIndices(String dir, int n, double testSplit) {
        int testCount = (int) Math.round(n * testSplit);
        if (testSplit > 0 && testCount == 0) {
            testCount = 1;
        }
        if (testCount >= n) {
            throw new KilnException(dir + ": a test split of " + testSplit + " of " + n + " pictures leaves none to train on");
        }
        int[] order = Shuffle.permutation(n, TEST_SPLIT_SEED);
        int[] testIdx = Arrays.copyOfRange(order, 0, testCount);
        int[] trainIdx = Arrays.copyOfRange(order, testCount, n);
        Arrays.sort(testIdx);
        Arrays.sort(trainIdx);
        return new int[][] {trainIdx, testIdx};
    }

    private record Entry(Path file, int label) {
    }

    private static List<String> subfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new KilnException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static List<String> classes(Path dir) {
        List<String> names = subfolders(dir);
        if (names.isEmpty()) {
            throw new KilnException(dir + ": no class folders. An image folder holds one folder per class (e.g. "
                    + dir.resolve("Parasitized") + "/ and " + dir.resolve("Uninfected") + "/), or train/ and test/ each"
                    + " holding those");
        }
        if (names.size() == 1) {
            throw new KilnException(dir + ": only one class folder (" + names.get(0) + "/); a classifier needs at least"
                    + " two classes, one folder each");
        }
        return names;
    }

    private static List<Entry> files(Path root, List<String> classes, List<Path> ignored) {
        List<Entry> out = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = root.resolve(classes.get(label));
            List<Path> files;
            // Links are followed (a class folder is often a link to where the pictures are); a link back up
            // the tree is a FileSystemLoopException, reported as the folder that cannot be listed.
            try (Stream<Path> s = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw cannotList(classDir, e);
            } catch (UncheckedIOException e) {
                throw cannotList(classDir, e.getCause());
            }
            int found = 0;
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (n.startsWith(".") || SYSTEM_FILES.contains(n.toLowerCase(java.util.Locale.ROOT))) {
                    ignored.add(f);
                    continue;
                }
                out.add(new Entry(f, label));
                found++;
            }
            if (found == 0) {
                throw new KilnException(classDir + ": the class folder '" + classes.get(label) + "' holds no pictures;"
                        + " put its PNG, JPEG, BMP or GIF files there, or remove the folder");
            }
        }
        return out;
    }

    private static KilnException cannotList(Path classDir, IOException e) {
        String why = e instanceof java.nio.file.FileSystemLoopException loop
                ? "following links, " + loop.getFile() + " leads back to a folder above it (a loop of links)"
                : e.getMessage();
        return new KilnException(classDir + ": cannot list the folder: " + why, e);
    }

    private static Dataset decodeAll(String name, List<Entry> entries, List<String> classes, ImageDecoder decoder,
                                     Options options, Progress progress, AtomicInteger done, int total,
                                     List<String> skipped, Map<String, String> metadata) {
        int size = decoder.outputSize();
        byte[] pixels = new byte[Math.multiplyExact(entries.size(), size)];
        boolean[] bad = new boolean[entries.size()];
        String[] reasons = new String[entries.size()];
        int step = Math.max(1, total / 100);
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "kiln-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            int chunks = Math.min(entries.size(), options.threads() * 8);
            List<Future<?>> futures = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
            for (int c = 0; c < Math.max(1, chunks) && !entries.isEmpty(); c++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < entries.size() && !failed.get(); i = next.getAndIncrement()) {
                        Entry e = entries.get(i);
                        try {
                            decoder.decodeInto(ImageDecoder.readFile(e.file(), decoder.maxPixels()), e.file().toString(),
                                    pixels, i * size);
                        } catch (ImageDecodeException ex) {
                            if (!options.skipBad()) {
                                failed.set(true);
                                throw ex;
                            }
                            bad[i] = true;
                            reasons[i] = ex.getMessage();
                        }
                        int d = done.incrementAndGet();
                        if (d % step == 0 || d == total) {
                            progress.decoded(d, total);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException ex) {
                    Throwable cause = ex.getCause();
                    if (cause instanceof ImageDecodeException ide) {
                        throw new ImageDecodeException(ide.getMessage()
                                + (ide.getMessage().contains("--skip-bad") ? "" : " (--skip-bad leaves such files out)"), ide);
                    }
                    if (cause instanceof OutOfMemoryError oom) {
                        throw new KilnException("out of memory decoding " + name + " (" + entries.size() + " pictures); "
                                + "give Java more memory (JAVA_OPTS=-Xmx...) or use fewer pictures", oom);
                    }
                    throw new KilnException("decoding " + name + " failed: " + cause, cause);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new KilnException("interrupted while decoding " + name, ex);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        int[] labels = entries.stream().mapToInt(Entry::label).toArray();
        Dataset all = Dataset.ofBytes(name, Shape.of(decoder.channels(), decoder.height(), decoder.width()), pixels,
                labels, classes, options.normalization(), metadata);
        int good = 0;
        for (int i = 0; i < bad.length; i++) {
            if (bad[i]) {
                synchronized (skipped) {
                    skipped.add(reasons[i]);
                }
            } else {
                good++;
            }
        }
        if (good == bad.length) {
            return all;
        }
        int[] keep = new int[good];
        for (int i = 0, k = 0; i < bad.length; i++) {
            if (!bad[i]) {
                keep[k++] = i;
            }
        }
        return all.subset(name, keep);
    }

}
