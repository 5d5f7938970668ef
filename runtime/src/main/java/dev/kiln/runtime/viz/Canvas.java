package dev.kiln.runtime.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** The width {@code s} takes in the canvas font of {@code size}, for sizing a picture before it is made. */
    static int widthOf(String s, int size, boolean bold) {
        try (Canvas scratch = new Canvas(1, 1)) {
            scratch.font(size, bold);
            return scratch.textWidth(s);
        }
    }

    void font(int size, boolean bold) {
        g.setFont(new Font(FONT, bold ? Font.BOLD : Font.PLAIN, size));
    }

    int textWidth(String s) {
        Glyphs t = glyphs(s);
        return g.getFontMetrics(t.font()).stringWidth(t.text());
    }

    /** Draws {@code s} centred horizontally on {@code x} with its baseline centred vertically on {@code y}. */
    void centred(String s, double x, double y) {
        Glyphs t = glyphs(s);
        FontMetrics m = g.getFontMetrics(t.font());
        draw(t, x - m.stringWidth(t.text()) / 2.0, y + (m.getAscent() - m.getDescent()) / 2.0);
    }

    /** Draws {@code s} ending at {@code x}, vertically centred on {@code y}. */
    void rightAligned(String s, double x, double y) {
        Glyphs t = glyphs(s);
        FontMetrics m = g.getFontMetrics(t.font());
        draw(t, x - m.stringWidth(t.text()), y + (m.getAscent() - m.getDescent()) / 2.0);
    }

    /** Draws {@code s} starting at {@code x}, vertically centred on {@code y}. */
    void leftAligned(String s, double x, double y) {
        Glyphs t = glyphs(s);
        FontMetrics m = g.getFontMetrics(t.font());
        draw(t, x, y + (m.getAscent() - m.getDescent()) / 2.0);
    }

    /**
     * {@link #leftAligned} on a white box a little larger than the text, so that a line drawn before
     * (a grid line, a marker) never crosses it.
     */
    void leftAlignedOnWhite(String s, double x, double y) {
        Glyphs t = glyphs(s);
        FontMetrics m = g.getFontMetrics(t.font());
        Color ink = g.getColor();
        g.setColor(Color.WHITE);
        g.fillRect((int) Math.floor(x) - 2, (int) Math.floor(y - m.getAscent() / 2.0) - 2, m.stringWidth(t.text()) + 4,
                m.getAscent() + 4);
        g.setColor(ink);
        draw(t, x, y + (m.getAscent() - m.getDescent()) / 2.0);
    }

    private void draw(Glyphs t, double x, double y) {
        Font current = g.getFont();
        g.setFont(t.font());
        g.drawString(t.text(), (float) x, (float) y);
        g.setFont(current);
    }

    /**
     * What to draw for {@code s} in the current font's size and style: the text itself in that font when
     * it has every glyph; else in an installed font that has them all (class names in Chinese, Japanese or
     * Korean, emoji); else the characters no font here can show written as {@code U+732B}, so that a
     * missing glyph is never an empty box.
     */
    Glyphs glyphs(String s) {
        Font font = g.getFont();
        if (font.canDisplayUpTo(s) == -1) {
            return new Glyphs(font, s);
        }
        for (Font f : installedFonts()) {
            if (f.canDisplayUpTo(s) == -1) {
                return new Glyphs(f.deriveFont(font.getStyle(), font.getSize2D()), s);
            }
        }
        StringBuilder shown = new StringBuilder();
        s.codePoints().forEach(cp -> {
            String one = new String(Character.toChars(cp));
            if (font.canDisplayUpTo(one) == -1) {
                shown.append(one);
            } else {
                shown.append(String.format(java.util.Locale.ROOT, "U+%04X", cp));
            }
        });
        return new Glyphs(font, shown.toString());
    }

    /** A text and the font that draws every one of its characters. */
    record Glyphs(Font font, String text) {
    }

    private static volatile List<Font> installed;

    /** The installed fonts, one plain face per family, listed once per JVM. */
    private static List<Font> installedFonts() {
        List<Font> fonts = installed;
        if (fonts == null) {
            Map<String, Font> byFamily = new TreeMap<>();
            for (Font f : GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts()) {
                byFamily.putIfAbsent(f.getFamily(java.util.Locale.ROOT), f);
            }
            fonts = List.copyOf(byFamily.values());
            installed = fonts;
        }
        return fonts;
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
        while (t.codePointCount(0, t.length()) > 1 && textWidth(t + "…") > width) {
            t = t.substring(0, t.offsetByCodePoints(t.length(), -1));
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
