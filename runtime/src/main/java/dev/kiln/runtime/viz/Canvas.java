package dev.kiln.runtime.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * A white RGB picture with anti-aliased text and the few drawing helpers every renderer shares
 * (centred and right-aligned labels, rotated axis titles). Not thread safe; one per picture.
 */
final class Canvas implements AutoCloseable {
    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x66, 0x66, 0x66);
    static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
    static final String FONT = Font.SANS_SERIF;

    final BufferedImage image;
    final Graphics2D g;

    Canvas(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a picture needs a positive size, got " + width + "x" + height);
        }
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(INK);
        g.setStroke(new BasicStroke(1f));
    }

    void font(int size, boolean bold) {
        g.setFont(new Font(FONT, bold ? Font.BOLD : Font.PLAIN, size));
    }

    int textWidth(String s) {
        return g.getFontMetrics().stringWidth(s);
    }

    /** Draws {@code s} centred horizontally on {@code x} with its baseline centred vertically on {@code y}. */
    void centred(String s, double x, double y) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(s, (float) (x - m.stringWidth(s) / 2.0), (float) (y + (m.getAscent() - m.getDescent()) / 2.0));
    }

    /** Draws {@code s} ending at {@code x}, vertically centred on {@code y}. */
    void rightAligned(String s, double x, double y) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(s, (float) (x - m.stringWidth(s)), (float) (y + (m.getAscent() - m.getDescent()) / 2.0));
    }

    /** Draws {@code s} starting at {@code x}, vertically centred on {@code y}. */
    void leftAligned(String s, double x, double y) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(s, (float) x, (float) (y + (m.getAscent() - m.getDescent()) / 2.0));
    }

    /** Draws {@code s} rotated a quarter turn anticlockwise, centred on ({@code x}, {@code y}): a y-axis title. */
    void vertical(String s, double x, double y) {
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2, x, y);
        centred(s, x, y);
        g.setTransform(saved);
    }

    /** A one-pixel frame just outside the area (x, y, w, h), in the current colour; never overlaps the area. */
    void frame(int x, int y, int w, int h) {
        g.fillRect(x - 1, y - 1, w + 2, 1);
        g.fillRect(x - 1, y + h, w + 2, 1);
        g.fillRect(x - 1, y, 1, h);
        g.fillRect(x + w, y, 1, h);
    }

    /** Shortens {@code s} with an ellipsis until it fits in {@code width} pixels. */
    String fit(String s, int width) {
        if (textWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && textWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    BufferedImage finish() {
        g.dispose();
        return image;
    }

    @Override
    public void close() {
        g.dispose();
    }
}
