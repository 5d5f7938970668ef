package dev.kiln.runtime.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Per-class accuracy (recall: correct predictions of a class over its true count) as horizontal
 * bars, one per class, with the overall accuracy as a dashed line.
 */
public final class ClassAccuracyPicture {
    private static final Color BAR = new Color(0x4C72B0);
    static final Color OVERALL = new Color(0xC44E52);

    private ClassAccuracyPicture() {
    }

    /** Bars from a confusion matrix {@code counts[truth][predicted]}. */
    public static BufferedImage render(long[][] counts, List<String> classNames) {
        int k = Checks.square(counts, classNames, "confusion matrix");
        int rowHeight = k <= 12 ? 30 : Math.max(12, 360 / k);
        int left = 150;
        int right = 660;
        int top = 60;
        int bottom = top + rowHeight * k;
        Canvas c = new Canvas(right + 80, bottom + 60);
        c.font(17, true);
        c.centred("Accuracy per class", c.image.getWidth() / 2.0, 26);

        long correct = 0;
        long all = 0;
        double[] accuracy = new double[k];
        long[] totals = new long[k];
        for (int i = 0; i < k; i++) {
            for (long v : counts[i]) {
                totals[i] += v;
            }
            correct += counts[i][i];
            all += totals[i];
            accuracy[i] = totals[i] == 0 ? 0 : (double) counts[i][i] / totals[i];
        }
        c.font(11, false);
        for (double t = 0; t <= 1.0001; t += 0.2) {
            int x = (int) Math.round(left + t * (right - left));
            c.g.setColor(Canvas.GRID);
            c.g.drawLine(x, top - 4, x, bottom);
            c.g.setColor(Canvas.MUTED);
            c.centred(String.format(Locale.ROOT, "%.1f", t), x, bottom + 14);
        }
        for (int i = 0; i < k; i++) {
            c.g.setColor(BAR);
            c.g.fillRect(left, top + i * rowHeight + 4, (int) Math.round(accuracy[i] * (right - left)), rowHeight - 8);
        }
        if (all > 0) {
            // the overall line goes under the value labels: each label sits on white, never crossed by it
            double overall = (double) correct / all;
            int x = (int) Math.round(left + overall * (right - left));
            c.g.setColor(OVERALL);
            c.g.setStroke(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                    10f, new float[] {6f, 4f}, 0f));
            c.g.drawLine(x, top - 4, x, bottom);
            c.g.setStroke(new java.awt.BasicStroke(1f));
            c.font(12, false);
            c.centred(String.format(Locale.ROOT, "overall %.3f", overall), x, top - 14);
        }
        c.font(12, false);
        for (int i = 0; i < k; i++) {
            int y = top + i * rowHeight;
            c.g.setColor(Canvas.INK);
            c.rightAligned(c.fit(classNames.get(i), left - 12), left - 8, y + rowHeight / 2.0);
            c.leftAlignedOnWhite(totals[i] == 0 ? "no examples" : String.format(Locale.ROOT, "%.3f", accuracy[i]),
                    left + accuracy[i] * (right - left) + 6, y + rowHeight / 2.0);
        }
        c.font(13, true);
        c.g.setColor(Canvas.INK);
        c.centred("accuracy", (left + right) / 2.0, bottom + 38);
        return c.finish();
    }

    /** The same for {@code int} counts. */
    public static BufferedImage render(int[][] counts, List<String> classNames) {
        return render(Checks.widen(counts), classNames);
    }
}
