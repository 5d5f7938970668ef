package dev.kiln.runtime.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Picture files written by other tools (ImageMagick 6 and Pillow: palette PNGs with tRNS, 16-bit and
 * low-bit-depth PNGs, grey + alpha, Adam7, baseline, progressive, CMYK and YCCK JPEGs, the eight EXIF
 * orientations, interlaced GIFs, BMP variants), decoded at their own size and compared with the pixels
 * Pillow decodes from the same files, oriented as {@code ImageOps.exif_transpose} does. The files and
 * Pillow's pixels are committed; {@code scripts/fixtures/image_fixtures.py} made them once, and its
 * {@code manifest.json} gives each file's producer and command. Every file must match exactly, JPEGs
 * included: the JDK's libjpeg 6b and Pillow's libjpeg-turbo share the integer inverse DCT, the chroma
 * upsampling and the YCbCr tables, and Kiln converts CMYK, YCCK, 16-bit and 5-bit samples as Pillow does.
 * (The one documented difference, 16-bit grey, is in the generator: Pillow's own {@code convert("L")}
 * clips such samples, so the expected grey is their high byte.)
 */
class OtherProducersTest {
    private static final String ROOT = "/dev/kiln/fixtures/images/";

    /** One file of the index: its name and its size as Pillow decodes it (upright). */
    record Case(String file, int width, int height) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String line : new String(resource("index.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] w = line.split(" ");
            cases.add(new Case(w[0], Integer.parseInt(w[1]), Integer.parseInt(w[2])));
        }
        return cases;
    }

    static Stream<Case> allCases() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void rgbIsWhatPillowDecodes(Case c) {
        byte[] expectedHwc = resource(base(c) + ".rgb.u8");
        assertEquals(c.height() * c.width() * 3, expectedHwc.length, c + ": Pillow's pixels");
        byte[] chw = new ImageDecoder(3, c.height(), c.width(), Resize.STRETCH).decode(resource(c.file()), c.file());
        int plane = c.height() * c.width();
        int[] got = new int[3 * plane];
        int[] want = new int[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int ch = 0; ch < 3; ch++) {
                got[3 * i + ch] = chw[ch * plane + i] & 0xFF;
                want[3 * i + ch] = expectedHwc[3 * i + ch] & 0xFF;
            }
        }
        compare(c, "RGB", got, want, 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void greyIsWhatPillowDecodes(Case c) {
        byte[] expected = resource(base(c) + ".l.u8");
        byte[] grey = new ImageDecoder(1, c.height(), c.width(), Resize.STRETCH).decode(resource(c.file()), c.file());
        int[] got = new int[grey.length];
        int[] want = new int[expected.length];
        for (int i = 0; i < grey.length; i++) {
            got[i] = grey[i] & 0xFF;
            want[i] = expected[i] & 0xFF;
        }
        compare(c, "L", got, want, 1);
    }

    /** Every kind the issue names is among the files, so a shorter index cannot pass on less. */
    @Test
    void theIndexHoldsEveryKindOfFile() {
        List<String> files = cases().stream().map(Case::file).toList();
        for (String kind : List.of("png_palette_trns", "png_palette_4bit_trns", "png_rgb16", "png_grey16", "png_grey_alpha",
                "png_grey_alpha16", "png_adam7", "jpeg_progressive", "jpeg_cmyk_magick", "jpeg_cmyk_pillow",
                "jpeg_exif_orientation8", "jpeg_exif_orient_magick", "png_exif_orientation6", "png_luminance", "gif_interlaced", "bmp3_8bit_rle", "bmp2_24",
                "bmp_rgb565", "bmp4_32_alpha")) {
            assertTrue(files.stream().anyMatch(f -> f.startsWith(kind + ".")), kind + " is missing from " + files);
        }
        assertTrue(files.size() >= 40, files.size() + " files");
    }

    private static void compare(Case c, String what, int[] got, int[] want, int channels) {
        assertEquals(want.length, got.length, c + " " + what);
        int differing = 0;
        int first = -1;
        for (int i = 0; i < got.length; i++) {
            if (got[i] != want[i]) {
                differing++;
                first = first < 0 ? i : first;
            }
        }
        if (differing > 0) {
            int pixel = first / channels;
            fail(String.format(Locale.ROOT, "%s %s: %d of %d values differ from Pillow's, the first at x %d, y %d, channel %d"
                            + " (Kiln %d, Pillow %d)", c, what, differing, got.length, pixel % c.width(), pixel / c.width(),
                    first % channels, got[first], want[first]));
        }
    }

    private static String base(Case c) {
        return c.file().substring(0, c.file().lastIndexOf('.'));
    }

    static byte[] resource(String name) {
        try (InputStream in = OtherProducersTest.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + ROOT + name + " is not on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }
}
