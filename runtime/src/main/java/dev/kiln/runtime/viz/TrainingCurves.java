package dev.kiln.runtime.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Loss and accuracy per epoch, training against validation, as two side-by-side line charts (one
 * when there is no accuracy, as for a regression like the edge detector). Epochs count from 1;
 * NaN values (an epoch without validation) leave a gap.
 */
public final class TrainingCurves {
    static final Color TRAIN = new Color(0x1F77B4);
    static final Color VALIDATION = new Color(0xFF7F0E);
    private static final int PANEL_WIDTH = 560;
    private static final int HEIGHT = 400;

    private TrainingCurves() {
    }

    /**
     * @param trainLoss          mean training loss per epoch; required, at least one epoch
     * @param validationLoss     validation loss per epoch, or null
     * @param trainAccuracy      training accuracy per epoch in [0, 1], or null
     * @param validationAccuracy validation accuracy per epoch, or null
     */
    public static BufferedImage render(double[] trainLoss, double[] validationLoss, double[] trainAccuracy,
                                       double[] validationAccuracy) {
        if (trainLoss == null || trainLoss.length == 0) {
            throw new IllegalArgumentException("training curves need the training loss of at least one epoch");
        }
        int epochs = trainLoss.length;
        requireLength("validation loss", validationLoss, epochs);
        requireLength("training accuracy", trainAccuracy, epochs);
        requireLength("validation accuracy", validationAccuracy, epochs);
        boolean accuracy = trainAccuracy != null || validationAccuracy != null;
        Canvas c = new Canvas(accuracy ? 2 * PANEL_WIDTH : PANEL_WIDTH, HEIGHT);
        panel(c, 0, "Loss", trainLoss, validationLoss, false);
        if (accuracy) {
            panel(c, PANEL_WIDTH, "Accuracy", trainAccuracy, validationAccuracy, true);
        }
        return c.finish();
    }

    private static void requireLength(String what, double[] values, int epochs) {
        if (values != null && values.length != epochs) {
            throw new IllegalArgumentException("the " + what + " has " + values.length + " epochs but the training loss has " + epochs);
        }
    }

    private static void panel(Canvas c, int x0, String title, double[] train, double[] validation, boolean fraction) {
        int left = x0 + 78;
        int right = x0 + PANEL_WIDTH - 24;
        int top = 52;
        int bottom = HEIGHT - 58;
        int epochs = train != null ? train.length : validation.length;

        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] s : new double[][] {train, validation}) {
            if (s == null) {
                continue;
            }
            for (double v : s) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            lo = 0;
            hi = 1;
        }
        if (fraction) {
            lo = Math.max(0, lo - 0.02);
            hi = Math.min(1, hi + 0.02);
        } else {
            double margin = (hi - lo) * 0.08;
            lo = Math.max(0, lo - margin);
            hi = hi + margin;
        }
        double[] yTicks = Ticks.nice(lo, hi, 6);
        double yMin = yTicks[0];
        double yMax = yTicks[yTicks.length - 1];
        double xMin = epochs == 1 ? 0.5 : 1;
        double xMax = epochs == 1 ? 1.5 : epochs;
        double[] xTicks = epochTicks(epochs);

        c.font(17, true);
        c.g.setColor(Canvas.INK);
        c.centred(title, (left + right) / 2.0, 24);
        c.font(12, false);
        double yStep = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
        for (double t : yTicks) {
            double y = bottom - (t - yMin) / (yMax - yMin) * (bottom - top);
            c.g.setColor(Canvas.GRID);
            c.g.drawLine(left, (int) Math.round(y), right, (int) Math.round(y));
            c.g.setColor(Canvas.MUTED);
            c.rightAligned(Ticks.label(t, yStep), left - 8, y);
        }
        for (double t : xTicks) {
            double x = left + (t - xMin) / (xMax - xMin) * (right - left);
            c.g.setColor(Canvas.GRID);
            c.g.drawLine((int) Math.round(x), top, (int) Math.round(x), bottom);
            c.g.setColor(Canvas.MUTED);
            c.centred(String.valueOf((int) t), x, bottom + 14);
        }
        c.g.setColor(Canvas.MUTED);
        c.g.drawRect(left, top, right - left, bottom - top);
        c.font(13, false);
        c.g.setColor(Canvas.INK);
        c.centred("epoch", (left + right) / 2.0, bottom + 36);
        c.vertical(title.toLowerCase(java.util.Locale.ROOT), x0 + 20, (top + bottom) / 2.0);

        List<String> legend = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        if (train != null) {
            series(c, train, TRAIN, left, right, top, bottom, xMin, xMax, yMin, yMax);
            legend.add("training");
            colours.add(TRAIN);
        }
        if (validation != null) {
            series(c, validation, VALIDATION, left, right, top, bottom, xMin, xMax, yMin, yMax);
            legend.add("validation");
            colours.add(VALIDATION);
        }
        c.font(12, false);
        int lx = right - 110;
        for (int i = 0; i < legend.size(); i++) {
            int ly = top + 14 + 18 * i;
            c.g.setColor(colours.get(i));
            c.g.setStroke(new BasicStroke(2.5f));
            c.g.drawLine(lx, ly, lx + 22, ly);
            c.g.setStroke(new BasicStroke(1f));
            c.g.setColor(Canvas.INK);
            c.leftAligned(legend.get(i), lx + 28, ly);
        }
    }

    private static double[] epochTicks(int epochs) {
        double step = Math.max(1, Ticks.niceStep(epochs / 8.0));
        List<Double> ticks = new ArrayList<>();
        ticks.add(1.0);
        for (double t = step; t <= epochs; t += step) {
            if (t > 1) {
                ticks.add(t);
            }
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void series(Canvas c, double[] values, Color colour, int left, int right, int top, int bottom,
                               double xMin, double xMax, double yMin, double yMax) {
        c.g.setColor(colour);
        c.g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = new Path2D.Double();
        boolean open = false;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                open = false;
                continue;
            }
            double x = left + (i + 1 - xMin) / (xMax - xMin) * (right - left);
            double y = bottom - (values[i] - yMin) / (yMax - yMin) * (bottom - top);
            if (open) {
                path.lineTo(x, y);
            } else {
                path.moveTo(x, y);
                open = true;
            }
            if (values.length <= 40) {
                c.g.fill(new Ellipse2D.Double(x - 4, y - 4, 8, 8));
            }
        }
        c.g.draw(path);
        c.g.setStroke(new BasicStroke(1f));
    }
}
