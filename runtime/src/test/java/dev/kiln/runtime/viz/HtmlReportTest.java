package dev.kiln.runtime.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Required;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    static HtmlReport sample() {
        return HtmlReport.titled("Net <1> & co")
                .result("test accuracy", "0.8812")
                .picture("Training curves", TrainingCurves.render(new double[] {0.8, 0.5, 0.4}, new double[] {0.7, 0.55, 0.5},
                        new double[] {0.7, 0.8, 0.85}, new double[] {0.72, 0.79, 0.82}))
                .picture("Confusion matrix", ConfusionMatrixPicture.render(new int[][] {{8, 2}, {1, 9}}, List.of("a", "b")))
                .summary("Layer  Output\nc1     (6, 28, 28)\nTotal params: 61,706")
                .table("History", List.of("epoch", "loss"), List.of(List.of("1", "0.8"), List.of("2", "0.5")))
                .facts("Machine", Map.of("CPU cores", "2"));
    }

    @Test
    void thePageIsSelfContainedAndEscaped() throws IOException {
        String html = sample().html();
        assertTrue(html.contains("<title>Net &lt;1&gt; &amp; co</title>"), html.substring(0, 300));
        assertTrue(html.contains("Total params: 61,706"));
        assertFalse(html.contains("http://") || html.contains("https://"), "no external reference");
        assertFalse(Pattern.compile("src=\"(?!data:)").matcher(html).find(), "every src is a data URI");
        List<BufferedImage> images = new ArrayList<>();
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        while (m.find()) {
            images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
        }
        assertEquals(2, images.size());
        assertEquals(1120, images.get(0).getWidth(), "the two-panel training curves");
    }

    @Test
    void aRaggedTableIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.titled("t").table("History", List.of("a", "b"), List.of(List.of("1"))));
        assertEquals("row 0 of table 'History' has 1 cells but there are 2 columns", e.getMessage());
    }

    @Test
    void chromiumRendersTheReport(@TempDir Path dir) throws Exception {
        Required.that(HeadlessChromium.binary() != null, "chromium is not installed (apt-get install chromium)");
        Path html = dir.resolve("report.html");
        sample().write(html);
        Path png = HeadlessChromium.screenshot(html, dir);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertNotNull(shot, "chromium wrote a PNG");
        assertEquals(1200, shot.getWidth());
        assertTrue(PictureStats.variance(shot) > 100, "the rendered page is not blank: variance " + PictureStats.variance(shot));
        // the result box's background (#1f4e79) proves the stylesheet applied
        assertTrue(PictureStats.count(shot, 0x1F4E79) > 1000, "styled result box visible");
        assertTrue(Files.size(png) > 10_000);
    }
}
