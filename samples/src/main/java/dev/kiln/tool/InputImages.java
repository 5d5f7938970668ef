package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.spec.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** One network input: image {@code N} of a dataset, or a picture file scaled to the network's input. */
final class InputImages {
    private InputImages() {
    }

    /** Image {@code index} of {@code data}, {@code (C, H, W)} floats. */
    static float[] fromDataset(Dataset data, int index) {
        if (index < 0 || index >= data.size()) {
            throw new KilnException("--index " + index + " is outside " + data.name() + ", which holds images 0 to "
                    + (data.size() - 1));
        }
        int size = data.shape().intSize();
        return Arrays.copyOfRange(data.images(), index * size, (index + 1) * size);
    }

    /**
     * A PNG, JPEG or GIF resized (bilinear) to the input's height and width, as grey levels for one
     * channel or RGB for three, scaled to [0, 1]. Fashion-MNIST shows light clothes on black:
     * {@code invert} turns a photo of a dark object on white into that convention.
     */
    static float[] fromFile(Path file, Shape input, boolean invert) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new KilnException("--image " + file + ": no such file");
        }
        BufferedImage read;
        try {
            read = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            // a truncated or damaged file: ImageIO's reason in one line, not its stack trace
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new KilnException("--image " + file + ": not a readable image (" + e.getMessage()
                    + (root != e && root.getMessage() != null ? ": " + root.getMessage() : root != e
                    ? ": " + root.getClass().getSimpleName() : "") + ")", e);
        }
        if (read == null) {
            throw new KilnException("--image " + file + ": not an image Java can read (use PNG, JPEG or GIF)");
        }
        if (input.channels() != 1 && input.channels() != 3) {
            throw new KilnException("--image works for networks taking 1 (grey) or 3 (RGB) channels; this one takes " + input);
        }
        int h = input.height();
        int w = input.width();
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(read, 0, 0, w, h, null);
        g.dispose();
        float[] pixels = new float[input.intSize()];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = scaled.getRGB(x, y);
                float r = (rgb >> 16 & 0xFF) / 255f;
                float gr = (rgb >> 8 & 0xFF) / 255f;
                float b = (rgb & 0xFF) / 255f;
                int i = y * w + x;
                if (input.channels() == 1) {
                    float grey = 0.299f * r + 0.587f * gr + 0.114f * b;
                    pixels[i] = invert ? 1 - grey : grey;
                } else {
                    pixels[i] = invert ? 1 - r : r;
                    pixels[plane + i] = invert ? 1 - gr : gr;
                    pixels[2 * plane + i] = invert ? 1 - b : b;
                }
            }
        }
        return pixels;
    }
}
