package dev.kiln.samples;

import dev.kiln.runtime.KilnException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A synthetic stand-in for NIH's malaria {@code cell_images} (which cannot be downloaded here), in
 * the same layout: {@code DIR/Parasitized/*.png} and {@code DIR/Uninfected/*.png}. Each picture is
 * one pale, roughly round red blood cell on black, of varied size (90 to 140 pixels a side, not
 * square), shape, tilt, colour and position, with a lighter centre and pixel noise. A parasitised
 * cell carries one to three small dark purple stained spots (3.5 to 7 pixels in radius); half the uninfected cells carry larger,
 * fainter blotches instead, so that "any darker area" is not the answer. Picture {@code i} of a class
 * depends only on {@code (seed, class, i)}.
 */
public final class CellImages {
    public static final List<String> CLASS_NAMES = List.of("Parasitized", "Uninfected");

    private CellImages() {
    }

    /**
     * Writes {@code perClass} pictures into each class folder under {@code dir}, creating them.
     *
     * @throws KilnException when {@code dir} already holds a class folder (nothing is overwritten) or a file cannot be written
     */
    public static void write(Path dir, int perClass, long seed) {
        if (perClass < 1) {
            throw new KilnException("make-cells needs at least 1 picture per class, not " + perClass);
        }
        for (String name : CLASS_NAMES) {
            if (Files.exists(dir.resolve(name))) {
                throw new KilnException(dir.resolve(name) + " already exists; make-cells writes into a new or empty"
                        + " folder and overwrites nothing");
            }
        }
        try {
            for (int label = 0; label < CLASS_NAMES.size(); label++) {
                Path classDir = Files.createDirectories(dir.resolve(CLASS_NAMES.get(label)));
                for (int i = 0; i < perClass; i++) {
                    BufferedImage cell = draw(label == 0, new SplittableRandom(mix(seed, label, i)));
                    Path file = classDir.resolve(String.format(Locale.ROOT, "cell_%05d.png", i));
                    Path tmp = classDir.resolve(file.getFileName() + ".tmp");
                    ImageIO.write(cell, "png", tmp.toFile());
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new KilnException("make-cells: cannot write into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One cell picture. */
    public static BufferedImage draw(boolean parasitized, SplittableRandom r) {
        int w = r.nextInt(90, 141);
        int h = r.nextInt(90, 141);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, w, h);
        double cx = w / 2.0 + r.nextDouble(-0.06, 0.06) * w;
        double cy = h / 2.0 + r.nextDouble(-0.06, 0.06) * h;
        double rx = w * r.nextDouble(0.33, 0.45);
        double ry = h * r.nextDouble(0.33, 0.45);
        double tilt = r.nextDouble(0, Math.PI);
        int red = r.nextInt(195, 240);
        int green = r.nextInt(120, 175);
        int blue = r.nextInt(135, 195);
        Color rim = new Color(red, green, blue);
        Color centre = new Color(Math.min(255, red + 12), Math.min(255, green + 25), Math.min(255, blue + 20));
        AffineTransform saved = g.getTransform();
        g.rotate(tilt, cx, cy);
        g.setPaint(new RadialGradientPaint((float) cx, (float) cy, (float) Math.max(rx, ry),
                new float[] {0f, 1f}, new Color[] {centre, rim}));
        g.fill(new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry));
        if (parasitized) {
            int spots = 1 + (r.nextDouble() < 0.35 ? 1 : 0) + (r.nextDouble() < 0.15 ? 1 : 0);
            for (int s = 0; s < spots; s++) {
                double radius = r.nextDouble(3.5, 7.0);
                spot(g, r, cx, cy, rx, ry, radius, new Color(r.nextInt(70, 140), r.nextInt(20, 70), r.nextInt(110, 170)));
            }
        } else if (r.nextBoolean()) {
            double radius = r.nextDouble(6.0, 12.0);
            spot(g, r, cx, cy, rx, ry, radius, new Color(Math.max(0, red - r.nextInt(15, 35)),
                    Math.max(0, green - r.nextInt(15, 35)), Math.max(0, blue - r.nextInt(5, 20))));
        }
        g.setTransform(saved);
        g.dispose();
        // Sensor noise on the cell, not on the black background.
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                if ((rgb & 0xFFFFFF) == 0) {
                    continue;
                }
                int n = r.nextInt(-8, 9);
                image.setRGB(x, y, clamp((rgb >> 16 & 0xFF) + n) << 16 | clamp((rgb >> 8 & 0xFF) + n) << 8
                        | clamp((rgb & 0xFF) + n));
            }
        }
        return image;
    }

    /** A round spot somewhere inside the cell's inner three quarters (in the cell's rotated frame). */
    private static void spot(Graphics2D g, SplittableRandom r, double cx, double cy, double rx, double ry, double radius,
                             Color colour) {
        double angle = r.nextDouble(0, 2 * Math.PI);
        double distance = Math.sqrt(r.nextDouble()) * 0.72;
        double x = cx + Math.cos(angle) * distance * (rx - radius);
        double y = cy + Math.sin(angle) * distance * (ry - radius);
        g.setColor(colour);
        g.fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static long mix(long seed, int label, int index) {
        long z = seed + (label * 1_000_003L + index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
