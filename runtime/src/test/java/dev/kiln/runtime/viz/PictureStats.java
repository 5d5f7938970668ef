package dev.kiln.runtime.viz;

import java.awt.image.BufferedImage;

/** Facts about a rendered picture that tests assert: pixel variance and whether a colour occurs. */
public final class PictureStats {
    private PictureStats() {
    }

    /** Variance of the grey level (0..255) over all pixels: 0 for a blank picture. */
    public static double variance(BufferedImage image) {
        double sum = 0;
        double sumSq = 0;
        long n = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double grey = ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3.0;
                sum += grey;
                sumSq += grey * grey;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    /** Pixels of exactly {@code rgb}. */
    public static long count(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
