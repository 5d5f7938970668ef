package dev.kiln.runtime.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The confusion matrix as a heat map: rows are the true classes, columns the predicted ones, each
 * cell shaded by the fraction of its row (so classes of different sizes compare) and labelled
 * with its count.
 */
public final class ConfusionMatrixPicture {
    private static final String TITLE = "Confusion matrix (rows: true class, columns: predicted)";
    private ConfusionMatrixPicture() {
    }

    /**
     * @param counts     {@code counts[truth][predicted]}, square, one row per class
     * @param classNames one name per class
     */
    public static BufferedImage render(long[][] counts, List<String> classNames) {
        int k = Checks.square(counts, classNames, "confusion matrix");
        int cell = k <= 10 ? 54 : Math.max(14, 540 / k);
        int labelWidth = 130;
        int left = labelWidth + 40;
        int top = 70;
        int size = cell * k;
        // a matrix of few classes is narrower than its title: the picture takes the wider of the two
        int width = Math.max(left + size + 40, Canvas.widthOf(TITLE, 17, true) + 40);
        Canvas c = new Canvas(width, top + size + 130);
        c.font(17, true);
        c.centred(TITLE, c.image.getWidth() / 2.0, 26);

        c.font(cell >= 40 ? 12 : 9, false);
        for (int t = 0; t < k; t++) {
            long total = 0;
            for (long v : counts[t]) {
                total += v;
            }
            for (int p = 0; p < k; p++) {
                double fraction = total == 0 ? 0 : (double) counts[t][p] / total;
                int rgb = ColourMaps.blues(fraction);
                c.g.setColor(new Color(rgb));
                c.g.fillRect(left + p * cell, top + t * cell, cell, cell);
                if (cell >= 22) {
                    c.g.setColor(ColourMaps.textOn(rgb));
                    c.centred(Long.toString(counts[t][p]), left + p * cell + cell / 2.0, top + t * cell + cell / 2.0);
                }
            }
        }
        c.g.setColor(Canvas.MUTED);
        c.frame(left, top, size, size);
        c.font(12, false);
        c.g.setColor(Canvas.INK);
        for (int i = 0; i < k; i++) {
            String name = c.fit(classNames.get(i), labelWidth - 6);
            c.rightAligned(name, left - 8, top + i * cell + cell / 2.0);
            double x = left + i * cell + cell / 2.0;
            double y = top + size + 8;
            java.awt.geom.AffineTransform saved = c.g.getTransform();
            c.g.rotate(-Math.PI / 4, x, y);
            c.rightAligned(name, x, y);
            c.g.setTransform(saved);
        }
        c.font(13, true);
        c.vertical("true class", 16, top + size / 2.0);
        c.centred("predicted class", left + size / 2.0, c.image.getHeight() - 14);
        return c.finish();
    }

    /** The same for {@code int} counts. */
    public static BufferedImage render(int[][] counts, List<String> classNames) {
        return render(Checks.widen(counts), classNames);
    }
}
