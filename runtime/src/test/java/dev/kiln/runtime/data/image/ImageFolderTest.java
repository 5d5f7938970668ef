package dev.kiln.runtime.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.Split;
import dev.kiln.spec.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path dir;

    private static final Shape GREY_2X2 = Shape.of(1, 2, 2);

    /** A 2x2 grey PNG whose four pixels are {@code value}. */
    private static void png(Path file, int value) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, Pictures.encode(Pictures.grey(new int[][] {{value, value}, {value, value}}), "png"));
    }

    private static ImageFolder.Options oneThread() {
        return ImageFolder.Options.defaults().withThreads(2);
    }

    @Test
    void classFoldersInSortedOrderWithASeededTestSplit() throws Exception {
        // pixel value = 10 * class + index, so every picture can be told apart after loading
        String[] classes = {"zebra", "ant", "Moth"};
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < 10; i++) {
                png(dir.resolve(classes[c]).resolve("p" + i + ".png"), 100 + 10 * c + i);
            }
        }
        Files.writeString(dir.resolve("ant").resolve("Thumbs.db"), "not a picture, ignored");
        Files.writeString(dir.resolve("ant").resolve(".DS_Store"), "ignored too");
        AtomicInteger lastDone = new AtomicInteger();
        ImageFolder.Loaded a = ImageFolder.load(dir, GREY_2X2, oneThread(), (done, total) -> {
            assertEquals(30, total);
            lastDone.accumulateAndGet(done, Math::max);
        });
        assertEquals(30, lastDone.get());
        // String order: upper case first, as Python's sorted() and torchvision do
        assertEquals(List.of("Moth", "ant", "zebra"), a.classNames());
        assertEquals(24, a.train().size());
        assertEquals(6, a.test().size()); // round(30 * 0.2)
        assertEquals(2, a.systemFiles());
        assertTrue(a.train().keepsBytes());
        assertEquals(24 * 4, a.train().pixelBytes());
        assertEquals("stretch", a.train().metadata().get("kiln.resize"));
        // every picture lands in exactly one part, with its own label
        List<Integer> seen = new ArrayList<>();
        for (Dataset d : List.of(a.train(), a.test())) {
            for (int i = 0; i < d.size(); i++) {
                float[] px = d.image(i);
                int value = Math.round(px[0] * 255);
                String original = classes[(value - 100) / 10];
                assertEquals(original, d.classNames().get(d.labels()[i]), "picture " + value);
                seen.add(value);
            }
        }
        assertEquals(30, seen.stream().distinct().count());
        // the same folder gives the same split, whatever else changes
        ImageFolder.Loaded b = ImageFolder.load(dir, GREY_2X2, oneThread().withThreads(1), ImageFolder.Progress.NONE);
        assertArrayEquals(a.test().labels(), b.test().labels());
        assertArrayEquals(a.test().image(0), b.test().image(0));
        // evaluation decodes only the held-out pictures, the same ones
        ImageFolder.Loaded testOnly = ImageFolder.loadTest(dir, GREY_2X2, oneThread(), ImageFolder.Progress.NONE);
        assertEquals(0, testOnly.train().size());
        assertArrayEquals(a.test().labels(), testOnly.test().labels());
        for (int i = 0; i < a.test().size(); i++) {
            assertArrayEquals(a.test().image(i), testOnly.test().image(i));
        }
        // and validation still splits the training part
        Dataset[] parts = Split.trainValidation(a.train(), 0.25, 0);
        assertEquals(18, parts[0].size());
        assertEquals(6, parts[1].size());
        assertTrue(parts[1].keepsBytes());
    }

    @Test
    void trainAndTestFoldersAreUsedAsTheyAre() throws Exception {
        for (String part : List.of("train", "test")) {
            png(dir.resolve(part).resolve("cat").resolve("a.png"), 1);
            png(dir.resolve(part).resolve("dog").resolve("b.bmp.png"), 2);
        }
        png(dir.resolve("train").resolve("dog").resolve("deeper").resolve("c.png"), 3);
        ImageFolder.Loaded l = ImageFolder.load(dir, GREY_2X2, oneThread(), ImageFolder.Progress.NONE);
        assertEquals("train/ and test/", l.layout());
        assertEquals(3, l.train().size());
        assertEquals(2, l.test().size());
        assertArrayEquals(new int[] {0, 1, 1}, l.train().labels());
    }

    @Test
    void rgbPicturesNormalisedPerChannelWhenCopied() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.write(dir.resolve("a").resolve("x.png"), Pictures.encode(Pictures.rgb(new int[][] {{0xFF0033}}), "png"));
        Files.write(dir.resolve("b").resolve("y.png"), Pictures.encode(Pictures.rgb(new int[][] {{0x000000}}), "png"));
        Normalization n = Normalization.parse("0.5,0.5,0.5,0.5,0.25,0.5");
        ImageFolder.Loaded l = ImageFolder.load(dir, Shape.of(3, 1, 1), oneThread().withTestSplit(0)
                .withNormalization(n), ImageFolder.Progress.NONE);
        // R (1 - 0.5) / 0.5 = 1, G (0 - 0.5) / 0.25 = -2, B (0.2 - 0.5) / 0.5 = -0.6
        float[] x = l.train().image(0);
        assertEquals(1f, x[0], 1e-6);
        assertEquals(-2f, x[1], 1e-6);
        assertEquals(-0.6f, x[2], 1e-6);
        assertEquals("0.5,0.5,0.5,0.5,0.25,0.5", l.train().metadata().get(Dataset.METADATA_NORMALIZE));
        assertThrows(KilnException.class, () -> l.train().images(), "bytes are not handed out as floats");
    }

    @Test
    void aBadFileIsAnErrorNamingItOrSkippedAndCounted() throws Exception {
        for (int i = 0; i < 3; i++) {
            png(dir.resolve("a").resolve(i + ".png"), i);
            png(dir.resolve("b").resolve(i + ".png"), i);
        }
        Path notes = dir.resolve("b").resolve("notes.txt");
        Files.writeString(notes, "hello");
        Path cut = dir.resolve("a").resolve("cut.png");
        byte[] whole = Files.readAllBytes(dir.resolve("a").resolve("0.png"));
        Files.write(cut, java.util.Arrays.copyOf(whole, 30));
        KilnException e = assertThrows(KilnException.class,
                () -> ImageFolder.load(dir, GREY_2X2, oneThread().withTestSplit(0), ImageFolder.Progress.NONE));
        assertTrue(e.getMessage().startsWith(cut.toString()) || e.getMessage().startsWith(notes.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("--skip-bad"), e.getMessage());
        ImageFolder.Loaded l = ImageFolder.load(dir, GREY_2X2, oneThread().withTestSplit(0).withSkipBad(true),
                ImageFolder.Progress.NONE);
        assertEquals(2, l.skipped().size());
        assertEquals(6, l.train().size());
        assertTrue(l.skipped().stream().anyMatch(s -> s.startsWith(notes.toString())), l.skipped().toString());
    }

    @Test
    void wrongLayoutsGetMessagesNamingTheFolder() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(KilnException.class, () -> ImageFolder.load(empty, GREY_2X2, oneThread(),
                ImageFolder.Progress.NONE)).getMessage().startsWith(empty + ": no class folders"));
        assertFalse(ImageFolder.isImageFolder(empty));

        Path single = dir.resolve("single");
        png(single.resolve("only").resolve("a.png"), 1);
        assertTrue(assertThrows(KilnException.class, () -> ImageFolder.load(single, GREY_2X2, oneThread(),
                ImageFolder.Progress.NONE)).getMessage().contains("only one class folder (only/)"));

        Path hollow = dir.resolve("hollow");
        png(hollow.resolve("a").resolve("a.png"), 1);
        Files.createDirectories(hollow.resolve("b"));
        Files.writeString(hollow.resolve("b").resolve("Thumbs.db"), "x");
        String m = assertThrows(KilnException.class, () -> ImageFolder.load(hollow, GREY_2X2, oneThread(),
                ImageFolder.Progress.NONE)).getMessage();
        assertTrue(m.startsWith(hollow.resolve("b") + ": the class folder 'b' holds no pictures"), m);

        Path mismatched = dir.resolve("mismatched");
        png(mismatched.resolve("train").resolve("a").resolve("1.png"), 1);
        png(mismatched.resolve("train").resolve("b").resolve("1.png"), 1);
        png(mismatched.resolve("test").resolve("a").resolve("1.png"), 1);
        png(mismatched.resolve("test").resolve("c").resolve("1.png"), 1);
        assertTrue(assertThrows(KilnException.class, () -> ImageFolder.load(mismatched, GREY_2X2, oneThread(),
                ImageFolder.Progress.NONE)).getMessage().contains("train/ has the class folders [a, b] but test/ has [a, c]"));
    }

    @Test
    void aDecompressionBombInAFolderIsNamedAndSkippable() throws Exception {
        png(dir.resolve("a").resolve("ok.png"), 1);
        png(dir.resolve("b").resolve("ok.png"), 2);
        Path bomb = dir.resolve("b").resolve("bomb.png");
        Files.write(bomb, Pictures.blackPng(10_000, 10_000));
        String m = assertThrows(KilnException.class, () -> ImageFolder.load(dir, GREY_2X2, oneThread().withTestSplit(0),
                ImageFolder.Progress.NONE)).getMessage();
        assertTrue(m.startsWith(bomb + ": 10000x10000 pixels"), m);
        ImageFolder.Loaded l = ImageFolder.load(dir, GREY_2X2, oneThread().withTestSplit(0).withSkipBad(true),
                ImageFolder.Progress.NONE);
        assertEquals(2, l.train().size());
        assertEquals(1, l.skipped().size());
    }

    @Test
    void selectedClassesAreRelabelledInTheGivenOrder() throws Exception {
        for (String c : List.of("a", "b", "c")) {
            png(dir.resolve(c).resolve("1.png"), c.charAt(0));
        }
        Dataset all = ImageFolder.load(dir, GREY_2X2, oneThread().withTestSplit(0), ImageFolder.Progress.NONE).train();
        Dataset cb = all.selectClasses(new int[] {2, 1});
        assertEquals(List.of("c", "b"), cb.classNames());
        assertArrayEquals(new int[] {1, 0}, cb.labels()); // b's picture comes first in folder order, and is now class 1
        assertTrue(cb.keepsBytes());
        assertThrows(KilnException.class, () -> all.selectClasses(new int[] {3}));
    }

    /** Issue 26 item 3: a class folder that is a link (to pictures kept elsewhere) is followed, as are linked pictures. */
    @Test
    void linkedClassFoldersAndPicturesAreFollowed() throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        png(elsewhere.resolve("cats").resolve("c1.png"), 11);
        png(elsewhere.resolve("cats").resolve("c2.png"), 12);
        png(elsewhere.resolve("dog.png"), 21);
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createSymbolicLink(data.resolve("cats"), elsewhere.resolve("cats"));
        Files.createDirectories(data.resolve("dogs"));
        Files.createSymbolicLink(data.resolve("dogs").resolve("d1.png"), elsewhere.resolve("dog.png"));
        png(data.resolve("dogs").resolve("d2.png"), 22);
        Dataset train = ImageFolder.load(data, GREY_2X2, oneThread().withTestSplit(0), ImageFolder.Progress.NONE).train();
        assertEquals(List.of("cats", "dogs"), train.classNames());
        assertEquals(4, train.size());
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            values.add(Math.round(train.image(i)[0] * 255) + 100 * train.labels()[i]);
        }
        assertEquals(List.of(11, 12, 121, 122), values.stream().sorted().toList());

        // a link back up the tree is one line naming it, not a StackOverflowError or an endless walk
        Files.createSymbolicLink(data.resolve("dogs").resolve("loop"), data);
        String m = assertThrows(KilnException.class, () -> ImageFolder.load(data, GREY_2X2, oneThread().withTestSplit(0),
                ImageFolder.Progress.NONE)).getMessage();
        assertTrue(m.startsWith(data.resolve("dogs") + ": cannot list the folder: following links, " + data.resolve("dogs")
                .resolve("loop")), m);
        assertTrue(m.endsWith(" leads back to a folder above it (a loop of links)"), m);
    }
}
