package dev.kiln.spark;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.data.image.ImageFolder;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;

/**
 * Which pictures each partition reads, decided on the driver from a listing only: the names of an
 * image folder's files, or an IDX images file's header and its labels file (60 KB for Fashion-MNIST).
 * Pixels are read and decoded on the executors ({@link ShardReader}).
 *
 * <p>A listing holds the same images, in the same order and with the same labels, as the one-machine
 * loaders give for the same options: {@link dev.kiln.runtime.data.Idx} for IDX files,
 * {@link ImageFolder} for a folder (class folders and files sorted, hidden and thumbnail-cache files
 * ignored, the same seeded test split), then {@code --labels} and {@code --classes} as
 * {@link Dataset#withClassNames} and {@link Dataset#selectClasses} apply them.
 */
final class DataPlan {
    private static final List<String> SYSTEM_FILES = List.of("thumbs.db", "desktop.ini", ".ds_store");
    private static final int IDX_IMAGES_MAGIC = 0x00000803;
    private static final int IDX_LABELS_MAGIC = 0x00000801;

    private DataPlan() {
    }

    /** The training set (from which validation is held out) or the test set. */
    enum Part {
        TRAIN, TEST
    }

    /** Where a listing's images are stored; an image is named by its index into the source. */
    sealed interface Source extends Serializable permits IdxImages, PictureFiles {
    }

    /** An IDX images file of {@code count} grey images of {@code height x width} bytes, raw or gzip. */
    record IdxImages(URI file, int count, int height, int width) implements Source {
    }

    /** Picture files (PNG, JPEG, BMP, GIF), by URI. */
    record PictureFiles(String[] uris) implements Source {
    }

    /**
     * How a task turns stored images into the network's input: its shape, the resize mode and
     * normalisation, whether bad pictures are skipped, and the metadata the one-machine loader records
     * (written into checkpoints).
     */
    record ImageForm(int channels, int height, int width, String resize, double[] mean, double[] std, boolean skipBad,
                     Map<String, String> metadata) implements Serializable {
    }

    /**
     * The images of one part of the data, in order.
     *
     * @param name        e.g. {@code fashion-mnist/train}, as the one-machine loader names it
     * @param source      where they are stored
     * @param sourceIndex for each image, its index in the source, ascending
     * @param labels      for each image, its class after {@code --classes}
     * @param classNames  one name per class
     * @param form        how they become input
     */
    record Listing(String name, Source source, int[] sourceIndex, int[] labels, List<String> classNames, ImageForm form) {
        int size() {
            return labels.length;
        }

        /** The images at {@code indices} (ascending positions in this listing). */
        Listing subset(String newName, int[] indices) {
            int[] s = new int[indices.length];
            int[] l = new int[indices.length];
            for (int k = 0; k < indices.length; k++) {
                s[k] = sourceIndex[indices[k]];
                l[k] = labels[indices[k]];
            }
            return new Listing(newName, source, s, l, classNames, form);
        }

        /** Contiguous, nearly equal ranges of the images for {@code partitions} tasks, in order. */
        List<ShardPlan> partitions(int partitions) {
            List<ShardPlan> plans = new ArrayList<>(partitions);
            int n = size();
            for (int p = 0; p < partitions; p++) {
                int lo = (int) ((long) p * n / partitions);
                int hi = (int) ((long) (p + 1) * n / partitions);
                plans.add(new ShardPlan(p, name, source, Arrays.copyOfRange(sourceIndex, lo, hi),
                        Arrays.copyOfRange(labels, lo, hi), classNames, form));
            }
            return plans;
        }
    }

    /** What one task reads: a range of a listing. */
    record ShardPlan(int partition, String name, Source source, int[] sourceIndex, int[] labels, List<String> classNames,
                     ImageForm form) implements Serializable {
    }

    /**
     * The listing of {@code part} of {@code data} for {@code spec}'s input.
     *
     * @throws KilnException naming the folder or file when the data cannot be used
     */
    static Listing list(HadoopFiles files, ClusterData data, NetworkSpec spec, Part part) {
        URI dir = data.location();
        if (!files.isDirectory(dir)) {
            throw new KilnException("--data " + dir + ": no such folder (it must be readable from the driver and from every"
                    + " executor)");
        }
        Listing listing = holdsIdx(files, dir) ? idx(files, data, spec, part) : folder(files, data, spec, part);
        if (data.classNames() != null) {
            int max = Arrays.stream(listing.labels()).max().orElse(-1);
            if (data.classNames().size() <= max) {
                throw new KilnException(listing.name() + " has labels up to " + max + ", but only " + data.classNames().size()
                        + " class names were given");
            }
            listing = new Listing(listing.name(), listing.source(), listing.sourceIndex(), listing.labels(), data.classNames(),
                    listing.form());
        }
        if (data.classes() != null) {
            listing = selectClasses(listing, data.classes());
        }
        return listing;
    }

    private static Listing idx(HadoopFiles files, ClusterData data, NetworkSpec spec, Part part) {
        URI dir = data.location();
        String prefix = part == Part.TRAIN ? "train" : "t10k";
        URI images = idxFile(files, dir, prefix + "-images-idx3-ubyte");
        URI labelsFile = idxFile(files, dir, prefix + "-labels-idx1-ubyte");
        if (images == null || labelsFile == null) {
            throw new KilnException(dir + " has IDX files but not " + prefix + "-images-idx3-ubyte and " + prefix
                    + "-labels-idx1-ubyte (raw or .gz)");
        }
        int[] header;
        try (DataInputStream in = new DataInputStream(IdxStreams.open(files, images))) {
            header = IdxStreams.header(in, images, IDX_IMAGES_MAGIC, 3);
        } catch (IOException e) {
            throw new KilnException(images + ": cannot read it (" + HadoopFiles.reason(e) + ")", e);
        }
        int count = header[0];
        Shape want = spec.input();
        if (want.channels() != 1 || want.height() != header[1] || want.width() != header[2]) {
            throw new KilnException(spec.simpleName() + " takes " + want + ", but the images in " + images + " are (1, "
                    + header[1] + ", " + header[2] + ")");
        }
        byte[] raw;
        try (DataInputStream in = new DataInputStream(IdxStreams.open(files, labelsFile))) {
            int[] h = IdxStreams.header(in, labelsFile, IDX_LABELS_MAGIC, 1);
            if (h[0] != count) {
                throw new KilnException(dir + ": " + images + " holds " + count + " images but " + labelsFile + " holds "
                        + h[0] + " labels; they must be equal (a pair from different sets?)");
            }
            raw = in.readNBytes(count);
            if (raw.length != count) {
                throw new KilnException(labelsFile + ": the file ends after " + raw.length + " of its " + count + " labels");
            }
        } catch (IOException e) {
            throw new KilnException(labelsFile + ": cannot read it (" + HadoopFiles.reason(e) + ")", e);
        }
        List<String> names = data.classNames() != null ? data.classNames() : FashionMnist.CLASS_NAMES;
        int[] labels = new int[count];
        int[] index = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = raw[i] & 0xFF;
            index[i] = i;
            if (labels[i] >= names.size()) {
                throw new KilnException(labelsFile + ": label " + labels[i] + " at index " + i + " is outside [0, "
                        + names.size() + "): there are " + names.size() + " class names");
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (!data.normalization().isNone()) {
            metadata.put(Dataset.METADATA_NORMALIZE, data.normalization().toString());
        }
        String name = lastSegment(dir) + "/" + (part == Part.TRAIN ? "train" : "test");
        return new Listing(name, new IdxImages(images, count, header[1], header[2]), index, labels, names,
                form(spec, data, metadata));
    }

    /** Whether {@code dir} holds IDX images files (raw or gzip) rather than an image folder. */
    static boolean holdsIdx(HadoopFiles files, URI dir) {
        return idxFile(files, dir, "train-images-idx3-ubyte") != null || idxFile(files, dir, "t10k-images-idx3-ubyte") != null;
    }

    private static URI idxFile(HadoopFiles files, URI dir, String baseName) {
        URI raw = child(dir, baseName);
        if (files.isFile(raw)) {
            return raw;
        }
        URI gz = child(dir, baseName + ".gz");
        return files.isFile(gz) ? gz : null;
    }

    private record Entry(String uri, int label) {
    }

    private static Listing folder(HadoopFiles files, ClusterData data, NetworkSpec spec, Part part) {
        URI dir = data.location();
        if (spec.input().channels() != 1 && spec.input().channels() != 3) {
            throw new KilnException(spec.simpleName() + " takes " + spec.input() + "; pictures give 1 (grey) or 3 (RGB) channels");
        }
        URI trainDir = child(dir, "train");
        URI testDir = child(dir, "test");
        boolean hasTrain = files.isDirectory(trainDir);
        boolean hasTest = files.isDirectory(testDir);
        List<Entry> chosen;
        List<String> classes;
        if (hasTrain && hasTest) {
            classes = classes(files, trainDir);
            List<String> testClasses = classes(files, testDir);
            if (!classes.equals(testClasses)) {
                throw new KilnException(dir + ": train/ has the class folders " + classes + " but test/ has " + testClasses
                        + "; both need the same classes (an empty folder is fine in neither)");
            }
            chosen = pictures(files, part == Part.TRAIN ? trainDir : testDir, classes);
        } else {
            if (hasTrain || hasTest) {
                throw new KilnException(dir + ": has " + (hasTrain ? "train/" : "test/") + " but not " + (hasTrain ? "test/" : "train/")
                        + ". Give both (each with one folder per class), or put the class folders directly in " + dir);
            }
            classes = classes(files, dir);
            List<Entry> all = pictures(files, dir, classes);
            int[][] split = ImageFolder.testSplitIndices(dir.toString(), all.size(), data.testSplit());
            chosen = Arrays.stream(split[part == Part.TRAIN ? 0 : 1]).mapToObj(all::get).toList();
        }
        String[] uris = chosen.stream().map(Entry::uri).toArray(String[]::new);
        int[] labels = chosen.stream().mapToInt(Entry::label).toArray();
        int[] index = new int[uris.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("kiln.resize", data.resize().name().toLowerCase(Locale.ROOT));
        if (!data.normalization().isNone()) {
            metadata.put(Dataset.METADATA_NORMALIZE, data.normalization().toString());
        }
        String name = lastSegment(dir) + "/" + (part == Part.TRAIN ? "train" : "test");
        return new Listing(name, new PictureFiles(uris), index, labels, classes, form(spec, data, metadata));
    }

    private static List<String> classes(HadoopFiles files, URI dir) {
        List<String> names = files.list(dir).stream().filter(FileStatus::isDirectory).map(s -> s.getPath().getName())
                .filter(n -> !n.startsWith(".")).sorted().toList();
        if (names.isEmpty()) {
            throw new KilnException(dir + ": no class folders. An image folder holds one folder per class (e.g. "
                    + child(dir, "Parasitized") + "/ and " + child(dir, "Uninfected") + "/), or train/ and test/ each holding those");
        }
        if (names.size() == 1) {
            throw new KilnException(dir + ": only one class folder (" + names.get(0) + "/); a classifier needs at least two"
                    + " classes, one folder each");
        }
        return names;
    }

    private static List<Entry> pictures(HadoopFiles files, URI root, List<String> classes) {
        List<Entry> out = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            URI classDir = child(root, classes.get(label));
            List<FileStatus> found = new ArrayList<>(files.listFilesRecursively(classDir));
            found.sort(Comparator.comparing(s -> s.getPath().toUri().getPath()));
            int kept = 0;
            for (FileStatus f : found) {
                String n = f.getPath().getName();
                if (n.startsWith(".") || SYSTEM_FILES.contains(n.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                out.add(new Entry(f.getPath().toUri().toString(), label));
                kept++;
            }
            if (kept == 0) {
                throw new KilnException(classDir + ": the class folder '" + classes.get(label) + "' holds no pictures; put its"
                        + " PNG, JPEG, BMP or GIF files there, or remove the folder");
            }
        }
        return out;
    }

    private static ImageForm form(NetworkSpec spec, ClusterData data, Map<String, String> metadata) {
        Shape s = spec.input();
        data.normalization().check(s.channels());
        return new ImageForm(s.channels(), s.height(), s.width(), data.resize().name(), data.normalization().mean().clone(),
                data.normalization().std().clone(), data.skipBad(), Map.copyOf(metadata));
    }

    /** {@link Dataset#selectClasses}'s rule on a listing: only these classes, relabelled in the order given. */
    private static Listing selectClasses(Listing l, int[] classes) {
        List<String> names = l.classNames();
        int[] newLabel = new int[names.size()];
        Arrays.fill(newLabel, -1);
        String[] kept = new String[classes.length];
        for (int i = 0; i < classes.length; i++) {
            int c = classes[i];
            if (c < 0 || c >= names.size()) {
                throw new KilnException(l.name() + ": class " + c + " does not exist; the classes are 0 to " + (names.size() - 1)
                        + " " + names);
            }
            if (newLabel[c] >= 0) {
                throw new KilnException(l.name() + ": class " + c + " is selected twice");
            }
            newLabel[c] = i;
            kept[i] = names.get(c);
        }
        int[] keep = java.util.stream.IntStream.range(0, l.size()).filter(i -> newLabel[l.labels()[i]] >= 0).toArray();
        Listing subset = l.subset(l.name(), keep);
        int[] relabelled = Arrays.stream(subset.labels()).map(c -> newLabel[c]).toArray();
        return new Listing(l.name(), l.source(), subset.sourceIndex(), relabelled, List.of(kept), l.form());
    }

    static URI child(URI dir, String name) {
        String base = dir.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + encode(name));
    }

    private static String encode(String segment) {
        try {
            return new URI(null, null, segment, null).getRawPath();
        } catch (java.net.URISyntaxException e) {
            throw new KilnException("cannot name " + segment + " in a URI: " + e.getReason(), e);
        }
    }

    private static String lastSegment(URI dir) {
        String path = dir.getPath();
        if (path == null || path.isEmpty()) {
            return dir.toString();
        }
        while (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** Opening IDX files, raw or gzip, and checking their headers. */
    static final class IdxStreams {
        private IdxStreams() {
        }

        /** {@code uri}'s bytes, decompressed when the file starts with gzip's magic {@code 1f 8b}. */
        static InputStream open(HadoopFiles files, URI uri) throws IOException {
            InputStream in = new java.io.BufferedInputStream(files.open(uri), 1 << 16);
            in.mark(2);
            int a = in.read();
            int b = in.read();
            in.reset();
            if (a == 0x1f && b == 0x8b) {
                return new java.io.BufferedInputStream(new java.util.zip.GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            return in;
        }

        /** Reads and checks the magic and the {@code rank} dimensions, returning them. */
        static int[] header(DataInputStream in, URI uri, int magic, int rank) throws IOException {
            int m = in.readInt();
            if (m != magic) {
                throw new KilnException(uri + ": not an IDX file of unsigned bytes of rank " + rank + " (magic "
                        + String.format(Locale.ROOT, "0x%08x", m) + ", expected " + String.format(Locale.ROOT, "0x%08x", magic) + ")");
            }
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new KilnException(uri + ": dimension " + i + " is " + dims[i]);
                }
            }
            return dims;
        }
    }
}
