package dev.kiln.runtime.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected values are worked out by hand in the comments (bilinear, half-pixel centres). */
class ImageDecoderTest {
    @TempDir
    Path dir;

    private static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    void rgbAtItsOwnSizeComesOutChannelMajorUnchanged() {
        byte[] png = Pictures.encode(Pictures.rgb(new int[][] {{0x102030, 0x405060}, {0x708090, 0xA0B0C0}}), "png");
        byte[] chw = new ImageDecoder(3, 2, 2, Resize.STRETCH).decode(png, "a.png");
        assertArrayEquals(new int[] {0x10, 0x40, 0x70, 0xA0, 0x20, 0x50, 0x80, 0xB0, 0x30, 0x60, 0x90, 0xC0},
                unsigned(chw));
    }

    @Test
    void greyPngSamplesAreReadAsTheyAreWithoutColourConversion() {
        // Java's getRGB would turn the linear-grey sample 64 into about 137; the decoder must not.
        byte[] png = Pictures.encode(Pictures.grey(new int[][] {{0, 64, 128, 255}}), "png");
        assertArrayEquals(new int[] {0, 64, 128, 255}, unsigned(new ImageDecoder(1, 1, 4, Resize.STRETCH).decode(png, "g")));
        // Three channels repeat the grey.
        assertArrayEquals(new int[] {0, 64, 128, 255, 0, 64, 128, 255, 0, 64, 128, 255},
                unsigned(new ImageDecoder(3, 1, 4, Resize.STRETCH).decode(png, "g")));
    }

    @Test
    void colourBecomesBt601LuminanceForOneChannel() {
        // (299*200 + 587*100 + 114*50 + 500) / 1000 = (59800 + 58700 + 5700 + 500) / 1000 = 124
        byte[] png = Pictures.encode(Pictures.rgb(new int[][] {{0xC86432, 0xFF0000}}), "png");
        // pure red: (299*255 + 500) / 1000 = 76
        assertArrayEquals(new int[] {124, 76}, unsigned(new ImageDecoder(1, 1, 2, Resize.STRETCH).decode(png, "c")));
    }

    @Test
    void alphaIsDroppedKeepingTheColourUnderIt() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x000A141E); // fully transparent (10, 20, 30)
        image.setRGB(1, 0, 0x80FFFFFF); // half transparent white
        byte[] png = Pictures.encode(image, "png");
        assertArrayEquals(new int[] {10, 255, 20, 255, 30, 255},
                unsigned(new ImageDecoder(3, 1, 2, Resize.STRETCH).decode(png, "alpha.png")));
    }

    @Test
    void bmpAndGifDecodeExactlyAndJpegClosely() {
        int[][] flat = new int[8][8];
        for (int[] row : flat) {
            Arrays.fill(row, 0x3366CC);
        }
        ImageDecoder decoder = new ImageDecoder(3, 8, 8, Resize.STRETCH);
        for (String format : new String[] {"bmp", "gif"}) {
            byte[] chw = decoder.decode(Pictures.encode(Pictures.rgb(flat), format), "x." + format);
            assertEquals(0x33, chw[0] & 0xFF, format);
            assertEquals(0x66, chw[64] & 0xFF, format);
            assertEquals(0xCC, chw[128] & 0xFF, format);
        }
        byte[] chw = decoder.decode(Pictures.encode(Pictures.rgb(flat), "jpeg"), "x.jpg");
        for (int i = 0; i < 64; i++) {
            assertTrue(Math.abs((chw[i] & 0xFF) - 0x33) <= 4, "jpeg red " + (chw[i] & 0xFF));
            assertTrue(Math.abs((chw[128 + i] & 0xFF) - 0xCC) <= 4, "jpeg blue " + (chw[128 + i] & 0xFF));
        }
    }

    @Test
    void stretchUpsamplesBilinearlyWithHalfPixelCentres() {
        // Width 2 -> 4: source positions (t + 0.5) * 0.5 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1),
        // so the row [0, 100] becomes [0, 25, 75, 100].
        byte[] png = Pictures.encode(Pictures.grey(new int[][] {{0, 100}}), "png");
        assertArrayEquals(new int[] {0, 25, 75, 100}, unsigned(new ImageDecoder(1, 1, 4, Resize.STRETCH).decode(png, "s")));
    }

    @Test
    void stretchDownsamplesBetweenPixelPairs() {
        // Width 4 -> 2: positions (t + 0.5) * 2 - 0.5 = 0.5 and 2.5: the mean of pixels 0,1 and of 2,3.
        // Height 2 -> 1: position 0.5, the mean of both rows.
        byte[] png = Pictures.encode(Pictures.grey(new int[][] {{10, 20, 100, 200}, {30, 40, 0, 0}}), "png");
        // (10+20+30+40)/4 = 25, (100+200+0+0)/4 = 75
        assertArrayEquals(new int[] {25, 75}, unsigned(new ImageDecoder(1, 1, 2, Resize.STRETCH).decode(png, "s")));
    }

    @Test
    void cropKeepsTheCentreAtTheSameScale() {
        // 4 wide x 2 high into 2x2: the scale max(2/2, 2/4) = 1 keeps 4x2, placed at x = -1: columns 1 and 2 remain.
        byte[] png = Pictures.encode(Pictures.grey(new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}), "png");
        assertArrayEquals(new int[] {2, 3, 6, 7}, unsigned(new ImageDecoder(1, 2, 2, Resize.CROP).decode(png, "c")));
    }

    @Test
    void padCentresThePictureOnBlack() {
        // 4 wide x 2 high into 4x4: the scale min(4/2, 4/4) = 1 keeps 4x2, placed at y = 1; rows 0 and 3 are black.
        byte[] png = Pictures.encode(Pictures.grey(new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}), "png");
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0},
                unsigned(new ImageDecoder(1, 4, 4, Resize.PAD).decode(png, "p")));
    }

    @Test
    void decodesAFileAndIntoAnOffset() throws Exception {
        Path file = dir.resolve("one.png");
        Files.write(file, Pictures.encode(Pictures.grey(new int[][] {{7, 9}}), "png"));
        ImageDecoder decoder = new ImageDecoder(1, 1, 2, Resize.STRETCH);
        assertArrayEquals(new int[] {7, 9}, unsigned(decoder.decode(file)));
        byte[] target = new byte[5];
        decoder.decodeInto(Files.readAllBytes(file), "one.png", target, 3);
        assertArrayEquals(new int[] {0, 0, 0, 7, 9}, unsigned(target));
        float[] unit = new float[2];
        ImageDecoder.toUnit(target, 3, 2, unit, 0);
        assertArrayEquals(new float[] {7 / 255f, 9 / 255f}, unit);
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderAlone() {
        byte[] bomb = Pictures.blackPng(10_000, 10_000); // about 12 KB that would decode to 100 million pixels
        assertTrue(bomb.length < 100_000, "bomb of " + bomb.length + " bytes");
        assertEquals(new ImageDecoder.Header(ImageFormat.PNG, 10_000, 10_000), ImageDecoder.header(bomb, "bomb.png"));
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> new ImageDecoder(3, 100, 100, Resize.STRETCH).decode(bomb, "cells/bomb.png"));
        assertTrue(e.getMessage().startsWith("cells/bomb.png: 10000x10000 pixels"), e.getMessage());
        assertTrue(e.getMessage().contains("limit of 40000000"), e.getMessage());
        // A lower limit applies to smaller pictures too; a higher one lets a large valid PNG through.
        byte[] big = Pictures.blackPng(300, 200);
        assertThrows(ImageDecodeException.class,
                () -> new ImageDecoder(1, 2, 3, Resize.STRETCH).withMaxPixels(59_999).decode(big, "big.png"));
        assertArrayEquals(new byte[6], new ImageDecoder(1, 2, 3, Resize.STRETCH).withMaxPixels(60_000).decode(big, "big.png"));
    }

    @Test
    void whatIsNotAPictureIsRefusedNamingTheFile() throws Exception {
        ImageDecoder decoder = new ImageDecoder(3, 4, 4, Resize.STRETCH);
        ImageDecodeException text = assertThrows(ImageDecodeException.class,
                () -> decoder.decode("hello, world".getBytes(), "cells/notes.png"));
        assertTrue(text.getMessage().startsWith("cells/notes.png: not a PNG, JPEG, BMP or GIF picture (it starts with 68 65"),
                text.getMessage());
        byte[] tiff = {0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0};
        assertTrue(assertThrows(ImageDecodeException.class, () -> decoder.decode(tiff, "t.tif")).getMessage()
                .startsWith("t.tif: not a PNG"));
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertTrue(assertThrows(ImageDecodeException.class, () -> decoder.decode(empty)).getMessage()
                .contains("empty.png: the file is empty"));
        assertTrue(assertThrows(ImageDecodeException.class, () -> decoder.decode(dir.resolve("gone.png"))).getMessage()
                .endsWith("gone.png: no such file"));
    }

    @Test
    void truncatedPicturesAreRefusedNotHalfDecoded() {
        int[][] noise = new int[32][32];
        java.util.Random random = new java.util.Random(1);
        for (int[] row : noise) {
            for (int x = 0; x < row.length; x++) {
                row[x] = random.nextInt(1 << 24);
            }
        }
        ImageDecoder decoder = new ImageDecoder(3, 8, 8, Resize.STRETCH);
        for (String format : new String[] {"png", "jpeg", "bmp", "gif"}) {
            byte[] whole = Pictures.encode(Pictures.rgb(noise), format);
            decoder.decode(whole, "whole." + format);
            for (int keep : new int[] {whole.length / 2, 40, 12}) {
                byte[] cut = Arrays.copyOf(whole, keep);
                ImageDecodeException e = assertThrows(ImageDecodeException.class,
                        () -> decoder.decode(cut, "cut." + format), format + " cut to " + keep + " bytes");
                assertTrue(e.getMessage().startsWith("cut." + format + ": "), e.getMessage());
            }
        }
    }

    @Test
    void aOnePixelPictureIsResizedAndAPictureWithoutARowIsRefused() {
        byte[] one = Pictures.encode(Pictures.rgb(new int[][] {{0x0A141E}}), "png");
        byte[] chw = new ImageDecoder(3, 100, 100, Resize.STRETCH).decode(one, "dot.png");
        assertEquals(10, chw[0] & 0xFF);
        assertEquals(20, chw[10_000 + 9_999] & 0xFF);
        assertEquals(30, chw[20_000 + 5_050] & 0xFF);
        // a PNG header of width 0 or height 0: not one pixel row
        for (int[] size : new int[][] {{0, 5}, {5, 0}}) {
            byte[] empty = Pictures.blackPng(size[0], size[1]);
            ImageDecodeException e = assertThrows(ImageDecodeException.class,
                    () -> new ImageDecoder(1, 4, 4, Resize.STRETCH).decode(empty, "empty.png"));
            assertTrue(e.getMessage().startsWith("empty.png: "), e.getMessage());
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ImageDecoder(2, 4, 4, Resize.STRETCH));
        assertThrows(IllegalArgumentException.class, () -> new ImageDecoder(3, 0, 4, Resize.STRETCH));
        assertEquals(Resize.CROP, Resize.parse("crop"));
        assertThrows(IllegalArgumentException.class, () -> Resize.parse("fit"));
    }

    /**
     * A damaged or odd EXIF block (as cameras and editors write them) never makes a picture unreadable: the
     * orientation is then "as stored". Here an APP1 segment right after SOI holds, in turn, a TIFF header
     * pointing past its end, a directory cut short, an orientation of 9 (no such value), and a valid
     * orientation 3 (turned 180) in big-endian order, which is applied.
     */
    @Test
    void aDamagedExifBlockLeavesThePictureAsStored() {
        int[][] halves = new int[8][16]; // left half red, right half blue
        for (int[] row : halves) {
            Arrays.fill(row, 0, 8, 0xFF0000);
            Arrays.fill(row, 8, 16, 0x0000FF);
        }
        byte[] jpeg = Pictures.encode(Pictures.rgb(halves), "jpeg");
        ImageDecoder decoder = new ImageDecoder(3, 1, 2, Resize.STRETCH);
        byte[] plain = decoder.decode(jpeg, "plain.jpg");
        byte[][] damaged = {
            {'M', 'M', 0, 42, 0, 0, 0x7F, 0}, // first directory far past the end
            {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 5, 1, 0x12}, // five entries announced, one cut short
            {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 1, 0x12, 0, 3, 0, 0, 0, 1, 0, 9, 0, 0}, // orientation 9
            {'X', 'X', 0, 42, 0, 0, 0, 8}, // neither II nor MM
        };
        for (byte[] tiff : damaged) {
            assertArrayEquals(plain, decoder.decode(withExif(jpeg, tiff), "odd.jpg"), java.util.Arrays.toString(tiff));
        }
        byte[] turned = decoder.decode(withExif(jpeg, new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 1, 0x12, 0, 3, 0, 0, 0, 1,
                0, 3, 0, 0}), "turned.jpg");
        // turned 180: the right (blue) half comes first
        assertTrue((turned[0] & 0xFF) < 40 && (turned[1] & 0xFF) > 200, java.util.Arrays.toString(unsigned(turned)));
        assertTrue((turned[4] & 0xFF) > 200 && (turned[5] & 0xFF) < 40, java.util.Arrays.toString(unsigned(turned)));
    }

    /** The JPEG with an APP1 {@code Exif} segment holding {@code tiff} inserted after its SOI marker. */
    private static byte[] withExif(byte[] jpeg, byte[] tiff) {
        int length = 2 + 6 + tiff.length;
        byte[] out = new byte[jpeg.length + 2 + length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xE1;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
        System.arraycopy(exif, 0, out, 6, 6);
        System.arraycopy(tiff, 0, out, 12, tiff.length);
        System.arraycopy(jpeg, 2, out, 12 + tiff.length, jpeg.length - 2);
        return out;
    }
}
