package dev.kiln.runtime.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes a PNG, JPEG, BMP or GIF into the {@code (C, H, W)} unsigned bytes a network with that
 * input shape takes: one channel of luminance or three of RGB, resized bilinearly by
 * {@link Resize}. Pixels stay bytes here (a quarter of the memory of floats); {@link #toUnit} and
 * the data set turn them into floats in [0, 1] when a batch is filled.
 *
 * <ul>
 *   <li><b>Format</b> from the first bytes ({@link ImageFormat#sniff}); anything else, and any file
 *       the reader finds damaged or truncated (a reader's warning counts as an error: a truncated
 *       JPEG is refused rather than half grey), is an {@link ImageDecodeException} naming the source.</li>
 *   <li><b>Size first</b>: the header's width and height are read before any pixel is, and a picture
 *       of more than {@link #maxPixels()} pixels (default {@value #DEFAULT_MAX_PIXELS}) is refused, so a
 *       small file claiming 10,000 x 10,000 pixels (a decompression bomb) costs nothing.</li>
 *   <li><b>Channels</b>: alpha is dropped (the colour under a transparent pixel is kept, not blended
 *       with a background); grey pictures are read from their samples directly (not through Java's
 *       colour conversion, which would brighten them); a grey picture for three channels repeats its
 *       grey, a colour picture for one channel becomes {@code round(0.299 R + 0.587 G + 0.114 B)}
 *       (ITU-R BT.601, exactly as Pillow's {@code convert("L")}). 16-bit samples keep their high byte; 5- and
 *       6-bit samples (16-bit BMPs) become {@code v * 255 / 31} (or 63), truncated, as Pillow reads them. A
 *       GIF's first frame is used.</li>
 *   <li><b>CMYK and YCCK JPEGs</b> (four components, as ImageMagick's {@code -colorspace CMYK}, Photoshop
 *       and Pillow write them, Adobe's inverted samples included) become RGB as libjpeg and Pillow read them
 *       ({@link Cmyk}); any other four-component JPEG is refused by name.</li>
 *   <li><b>EXIF orientation</b> (a JPEG's APP1, a PNG's {@code eXIf}) is applied before resizing, as Pillow's
 *       {@code ImageOps.exif_transpose} and browsers apply it: a phone photo taken upright is decoded upright.</li>
 * </ul>
 *
 * <p>Pictures written by ImageMagick and Pillow in every variant above decode to Pillow's pixels exactly
 * ({@code OtherProducersTest} and its committed fixtures).
 *
 * <p>Immutable, thread-safe and {@link Serializable}: one decoder can serve every core, or be sent to
 * Spark executors.
 */
public final class ImageDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    /** 40 megapixels: a large camera photo, decoded as 160 MB of ARGB. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    private final int channels;
    private final int height;
    private final int width;
    private final Resize resize;
    private final long maxPixels;

    /**
     * A decoder to {@code channels x height x width} that refuses source pictures of more than
     * {@link #DEFAULT_MAX_PIXELS} pixels.
     *
     * @param channels 1 (luminance) or 3 (RGB)
     * @param height   the output height, at least 1
     * @param width    the output width, at least 1
     * @param resize   how to reach {@code height x width} from another aspect ratio
     */
    public ImageDecoder(int channels, int height, int width, Resize resize) {
        this(channels, height, width, resize, DEFAULT_MAX_PIXELS);
    }

    private ImageDecoder(int channels, int height, int width, Resize resize, long maxPixels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("pictures give 1 (grey) or 3 (RGB) channels, not " + channels
                    + "; a network reading pictures needs channels = 1 or 3");
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("the output size " + height + "x" + width + " must be at least 1x1");
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("the pixel limit must be at least 1, but is " + maxPixels);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.resize = java.util.Objects.requireNonNull(resize, "resize");
        this.maxPixels = maxPixels;
    }

    /** This decoder with another limit on a source picture's width x height. */
    public ImageDecoder withMaxPixels(long limit) {
        return new ImageDecoder(channels, height, width, resize, limit);
    }

    /** Channels of a decoded picture: 1 (grey) or 3 (RGB). */
    public int channels() {
        return channels;
    }

    /** Height of a decoded picture, in pixels. */
    public int height() {
        return height;
    }

    /** Width of a decoded picture, in pixels. */
    public int width() {
        return width;
    }

    /** How pictures of another aspect ratio reach {@code height x width}. */
    public Resize resize() {
        return resize;
    }

    /** The largest source picture accepted, in pixels (width x height); larger ones are refused before decoding. */
    public long maxPixels() {
        return maxPixels;
    }

    /** Bytes per decoded picture: {@code channels * height * width}. */
    public int outputSize() {
        return channels * height * width;
    }

    /** A picture file's format and its size upright (after its EXIF orientation), from its headers only. */
    public record Header(ImageFormat format, int width, int height) {
    }

    /**
     * Reads {@code file} and decodes it.
     *
     * @throws ImageDecodeException naming the file when it is missing, unreadable or not a picture this decoder takes
     */
    public byte[] decode(Path file) {
        return decode(readFile(file, maxPixels), file.toString());
    }

    /**
     * Decodes {@code encoded} into a new {@code (C, H, W)} array of {@link #outputSize()} bytes.
     *
     * @param source the file name (or any name) the messages give
     */
    public byte[] decode(byte[] encoded, String source) {
        byte[] out = new byte[outputSize()];
        decodeInto(encoded, source, out, 0);
        return out;
    }

    /** Decodes {@code encoded} into {@code target[offset .. offset + outputSize())}. */
    public void decodeInto(byte[] encoded, String source, byte[] target, int offset) {
        if (offset < 0 || offset > target.length - outputSize()) {
            throw new IndexOutOfBoundsException("a picture of " + outputSize() + " bytes does not fit at " + offset
                    + " in an array of " + target.length);
        }
        ImageFormat format = sniffOrThrow(encoded, source);
        Markers markers = Markers.of(format, encoded);
        Stored stored = read(encoded, source, format, markers);
        Orientation orientation = markers.orientation();
        byte[] upright = orientation.apply(stored.pixels(), channels, stored.height(), stored.width());
        boolean swap = orientation.swapsSides();
        resample(upright, swap ? stored.width() : stored.height(), swap ? stored.height() : stored.width(), target, offset);
    }

    /** A picture as stored in its file (before its EXIF orientation): {@code (channels, height, width)} bytes. */
    private record Stored(byte[] pixels, int height, int width) {
    }

    /** The format and size in the header of {@code encoded}, without decoding a pixel. */
    public static Header header(byte[] encoded, String source) {
        ImageFormat format = sniffOrThrow(encoded, source);
        ImageReader reader = readerFor(format, source);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            reader.setInput(in, true, true);
            boolean swap = Markers.of(format, encoded).orientation().swapsSides();
            return new Header(format, swap ? reader.getHeight(0) : reader.getWidth(0),
                    swap ? reader.getWidth(0) : reader.getHeight(0));
        } catch (IOException | RuntimeException e) {
            throw damaged(source, format, e);
        } finally {
            reader.dispose();
        }
    }

    /** Pixel bytes to floats {@code b / 255} in {@code target[offset ..]}, as every loader scales them. */
    public static void toUnit(byte[] pixels, int from, int count, float[] target, int offset) {
        for (int i = 0; i < count; i++) {
            target[offset + i] = UNIT[pixels[from + i] & 0xFF];
        }
    }

    private static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNIT[i] = i / 255f;
        }
    }

    static byte[] readFile(Path file, long maxPixels) {
        try {
            long size = Files.size(file);
            // No format stores a picture in more than 8 bytes per pixel plus its headers.
            long limit = maxPixels * 8 + (1 << 20);
            if (size > limit) {
                throw new ImageDecodeException(file + ": " + size + " bytes is more than a picture of at most "
                        + maxPixels + " pixels needs; refusing to read it");
            }
            if (size == 0) {
                throw new ImageDecodeException(file + ": the file is empty (0 bytes), not a picture");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(file + ": no such file");
        } catch (IOException e) {
            throw new ImageDecodeException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private Stored read(byte[] encoded, String source, ImageFormat format, Markers markers) {
        ImageReader reader = readerFor(format, source);
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if (w < 1 || h < 1) {
                throw new ImageDecodeException(source + ": the " + format + " header says " + w + "x" + h
                        + " pixels; a picture needs at least one row of one pixel");
            }
            if ((long) w * h > maxPixels) {
                throw new ImageDecodeException(source + ": " + w + "x" + h + " pixels (" + (long) w * h
                        + ") is more than the limit of " + maxPixels + " pixels per picture; refused before decoding"
                        + " (a picture this large would take " + ((long) w * h * 4 >> 20) + " MB to decode)."
                        + " Scale it down first, or raise the limit (ImageDecoder.withMaxPixels).");
            }
            reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                @Override
                public void warningOccurred(ImageReader r, String warning) {
                    warnings.add(warning);
                }
            });
            // Java's JPEG reader neither inverts Adobe CMYK nor converts YCCK: four components are read raw.
            boolean cmyk = format == ImageFormat.JPEG && markers.components() == 4;
            Raster raster = cmyk ? reader.readRaster(0, null) : null;
            BufferedImage image = cmyk ? null : reader.read(0);
            if (!warnings.isEmpty()) {
                throw new ImageDecodeException(source + ": the " + format + " reader found the file damaged or"
                        + " truncated: " + String.join("; ", warnings));
            }
            int decodedW = cmyk ? raster.getWidth() : image.getWidth();
            int decodedH = cmyk ? raster.getHeight() : image.getHeight();
            if (decodedW != w || decodedH != h) {
                throw new ImageDecodeException(source + ": the " + format + " header says " + w + "x" + h
                        + " but " + decodedW + "x" + decodedH + " pixels were decoded");
            }
            byte[] pixels = cmyk ? fromRgb(Cmyk.toRgb(raster, markers.adobeTransform(), source), h, w) : toChannels(image);
            return new Stored(pixels, h, w);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw damaged(source, format, e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageFormat sniffOrThrow(byte[] encoded, String source) {
        ImageFormat format = ImageFormat.sniff(encoded);
        if (format == null) {
            String start = encoded.length == 0 ? "nothing (an empty file)" : hex(encoded);
            throw new ImageDecodeException(source + ": not a PNG, JPEG, BMP or GIF picture (it starts with "
                    + start + "); convert it to one of those, or pass --skip-bad to leave such files out");
        }
        return format;
    }

    private static ImageReader readerFor(ImageFormat format, String source) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName);
        if (!readers.hasNext()) {
            throw new ImageDecodeException(source + ": this Java runtime has no " + format + " reader");
        }
        return readers.next();
    }

    private static ImageDecodeException damaged(String source, ImageFormat format, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ImageDecodeException(source + ": looks like a " + format + " but cannot be decoded (" + why
                + "); the file is damaged or truncated", e);
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xFF));
        }
        return s.toString();
    }

    /** The picture at full size as {@code (channels, h, w)} bytes. */
    private byte[] toChannels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        boolean grey = model instanceof ComponentColorModel
                && model.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (grey) {
            byte[] out = new byte[channels * plane];
            int bits = model.getComponentSize(0);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits > 8 ? row[x] >>> (bits - 8) : bits < 8 ? row[x] * 255 / ((1 << bits) - 1) : row[x];
                    for (int c = 0; c < channels; c++) {
                        out[c * plane + y * w + x] = (byte) v;
                    }
                }
            }
            return out;
        }
        int[] rgb = new int[plane];
        if (model instanceof DirectColorModel packed && narrowerThanAByte(packed)) {
            // 16-bit BMPs (5:6:5, 1:5:5:5): Java's colour model rounds 5 bits up to 8, Pillow's unpackers truncate
            // (v * 255 / 31); truncate as Pillow does, so both give the same pixels.
            int[] sample = new int[w];
            for (int band = 0; band < 3; band++) {
                int max = (1 << packed.getComponentSize(band)) - 1;
                for (int y = 0; y < h; y++) {
                    raster.getSamples(0, y, w, 1, band, sample);
                    for (int x = 0; x < w; x++) {
                        rgb[y * w + x] |= (sample[x] * 255 / max) << (16 - 8 * band);
                    }
                }
            }
        } else {
            image.getRGB(0, 0, w, h, rgb, 0, w);
        }
        return fromRgb(rgb, h, w);
    }

    private static boolean narrowerThanAByte(DirectColorModel model) {
        for (int band = 0; band < 3; band++) {
            if (model.getComponentSize(band) < 8) {
                return true;
            }
        }
        return false;
    }

    /** Packed {@code 0xRRGGBB} pixels (anything above them ignored) as {@code (channels, h, w)} bytes. */
    private byte[] fromRgb(int[] rgb, int h, int w) {
        int plane = w * h;
        byte[] out = new byte[channels * plane];
        for (int i = 0; i < plane; i++) {
            int r = rgb[i] >>> 16 & 0xFF;
            int g = rgb[i] >>> 8 & 0xFF;
            int b = rgb[i] & 0xFF;
            if (channels == 1) {
                out[i] = (byte) luminance(r, g, b);
            } else {
                out[i] = (byte) r;
                out[plane + i] = (byte) g;
                out[2 * plane + i] = (byte) b;
            }
        }
        return out;
    }

    /**
     * ITU-R BT.601 luma in Pillow's fixed point ({@code L = R * 299/1000 + G * 587/1000 + B * 114/1000} with the
     * weights as 16-bit fractions, rounded), exactly Pillow's {@code convert("L")}: the decimal formula rounded
     * differs from it by 1 for 9,040 of the 16.7 million colours.
     */
    static int luminance(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }

    /**
     * Resamples {@code (channels, h, w)} bytes into {@code (channels, height, width)} at
     * {@code target[offset]} according to {@link #resize}.
     */
    private void resample(byte[] full, int h, int w, byte[] target, int offset) {
        // The scaled picture is sh x sw, placed at (oy, ox) in the output (negative for crop).
        int sh;
        int sw;
        switch (resize) {
            case STRETCH -> {
                sh = height;
                sw = width;
            }
            case CROP -> {
                double s = Math.max((double) height / h, (double) width / w);
                sh = Math.max(height, (int) Math.round(h * s));
                sw = Math.max(width, (int) Math.round(w * s));
            }
            case PAD -> {
                double s = Math.min((double) height / h, (double) width / w);
                sh = Math.max(1, Math.min(height, (int) Math.round(h * s)));
                sw = Math.max(1, Math.min(width, (int) Math.round(w * s)));
            }
            default -> throw new AssertionError(resize);
        }
        int oy = (height - sh) / 2;
        int ox = (width - sw) / 2;
        resampleInto(full, channels, h, w, sh, sw, oy, ox, target, offset, height, width);
    }

    /**
     * Bilinear resampling with half-pixel centres: output pixel {@code t} of a scaled size {@code s}
     * samples the source at {@code (t + 0.5) * src / s - 0.5}, clamped to the edge. Output pixels
     * outside the placed picture are 0.
     */
    static void resampleInto(byte[] src, int channels, int h, int w, int sh, int sw, int oy, int ox,
                             byte[] target, int offset, int height, int width) {
        int[] y0 = new int[height];
        int[] y1 = new int[height];
        float[] fy = new float[height];
        boolean[] rowInside = new boolean[height];
        axis(h, sh, oy, height, y0, y1, fy, rowInside);
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] fx = new float[width];
        boolean[] colInside = new boolean[width];
        axis(w, sw, ox, width, x0, x1, fx, colInside);
        int srcPlane = h * w;
        int dstPlane = height * width;
        for (int c = 0; c < channels; c++) {
            int sBase = c * srcPlane;
            int dBase = offset + c * dstPlane;
            for (int y = 0; y < height; y++) {
                int rowA = sBase + y0[y] * w;
                int rowB = sBase + y1[y] * w;
                float wy = fy[y];
                for (int x = 0; x < width; x++) {
                    if (!rowInside[y] || !colInside[x]) {
                        target[dBase + y * width + x] = 0;
                        continue;
                    }
                    float wx = fx[x];
                    float top = (src[rowA + x0[x]] & 0xFF) * (1 - wx) + (src[rowA + x1[x]] & 0xFF) * wx;
                    float bottom = (src[rowB + x0[x]] & 0xFF) * (1 - wx) + (src[rowB + x1[x]] & 0xFF) * wx;
                    float v = top * (1 - wy) + bottom * wy;
                    target[dBase + y * width + x] = (byte) Math.min(255, Math.max(0, Math.round(v)));
                }
            }
        }
    }

    /** The two source indices and the weight of the second for every output index along one axis. */
    private static void axis(int src, int scaled, int origin, int out, int[] i0, int[] i1, float[] frac,
                             boolean[] inside) {
        double scale = (double) src / scaled;
        for (int t = 0; t < out; t++) {
            int local = t - origin;
            inside[t] = local >= 0 && local < scaled;
            double position = (local + 0.5) * scale - 0.5;
            position = Math.max(0, Math.min(src - 1, position));
            int lo = (int) Math.floor(position);
            int hi = Math.min(src - 1, lo + 1);
            i0[t] = lo;
            i1[t] = hi;
            frac[t] = (float) (position - lo);
        }
    }
}
