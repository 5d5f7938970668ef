package dev.kiln.runtime.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 item 8: the report's pictures for a two-class run keep their title whole, per-class values
 * are not crossed by the overall-accuracy line, and class names in scripts the default font lacks are
 * drawn with a font that has them or written as code points, never as empty boxes.
 */
class ReportPicturesLayoutTest {

    /** Whether any pixel of the column range [x0, x1) in rows [y0, y1) is not white. */
    private static boolean inked(BufferedImage image, int x0, int x1, int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aTwoClassConfusionMatrixKeepsItsTitleWhole() {
        BufferedImage image = ConfusionMatrixPicture.render(new long[][] {{5, 1}, {2, 7}}, List.of("cat", "dog"));
        // the title's row (baseline near y = 26): ink somewhere, but a margin on both sides (was clipped at both edges)
        assertTrue(inked(image, 0, image.getWidth(), 10, 34));
        assertFalse(inked(image, 0, 12, 10, 34), "the title reaches the left edge");
        assertFalse(inked(image, image.getWidth() - 12, image.getWidth(), 10, 34), "the title reaches the right edge");
        int title = Canvas.widthOf("Confusion matrix (rows: true class, columns: predicted)", 17, true);
        assertTrue(image.getWidth() >= title + 24, image.getWidth() + " px for a title of " + title);
    }

    @Test
    void theOverallLineDoesNotCrossAClassValue() {
        // class 0 at 0.48, class 1 at 0.52: overall 0.50, inside class 0's label "0.480" (which starts just after 0.48)
        long[][] counts = {{48, 52}, {48, 52}};
        BufferedImage image = ClassAccuracyPicture.render(counts, List.of("a", "b"));
        int left = 150;
        int right = 660;
        int top = 60;
        int row = 30;
        int lineX = (int) Math.round(left + 0.5 * (right - left));
        int labelX = (int) Math.round(left + 0.48 * (right - left) + 6);
        assertTrue(labelX < lineX && lineX < labelX + 28, "the case crosses: label at " + labelX + ", line at " + lineX);
        int red = 0;
        for (int y = top + 8; y < top + row - 8; y++) {          // the label's rows in class 0's bar
            for (int x = lineX - 1; x <= lineX + 1; x++) {       // the line's columns
                if ((image.getRGB(x, y) & 0xFFFFFF) == (ClassAccuracyPicture.OVERALL.getRGB() & 0xFFFFFF)) {
                    red++;
                }
            }
        }
        assertEquals(0, red, "pixels of the overall line inside class 0's value label");
        assertTrue(PictureStats.count(image, ClassAccuracyPicture.OVERALL.getRGB() & 0xFFFFFF) > 20, "the line is drawn");
    }

    @Test
    void namesInOtherScriptsAreNeverEmptyBoxes() {
        try (Canvas c = new Canvas(10, 10)) {
            c.font(12, false);
            for (String name : List.of("猫", "고양이", "🐱 cat", "Ünïcödé", "plain")) {
                Canvas.Glyphs drawn = c.glyphs(name);
                assertEquals(-1, drawn.font().canDisplayUpTo(drawn.text()), name + " drawn as " + drawn);
                if (new Font(Canvas.FONT, Font.PLAIN, 12).canDisplayUpTo(name) == -1) {
                    assertEquals(name, drawn.text(), "a name the default font draws is drawn as it is");
                } else if (!drawn.text().equals(name)) {
                    // no font here has the glyphs: visibly written as code points
                    assertTrue(drawn.text().contains("U+"), drawn.text());
                }
            }
            Canvas.Glyphs cat = c.glyphs("猫");
            assertTrue(cat.text().equals("猫") || cat.text().equals("U+732B"), cat.toString());
        }
        // and the pictures themselves take such names
        BufferedImage image = ConfusionMatrixPicture.render(new long[][] {{1, 0}, {0, 1}}, List.of("猫", "🐱"));
        assertTrue(image.getWidth() > 0);
    }
}
