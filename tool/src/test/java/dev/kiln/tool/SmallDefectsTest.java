package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.BackendChoice;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.Required;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15, part 4: the smaller defects, each pinned. */
class SmallDefectsTest {

    @Test
    void aFreshOpenClBackendPredictsWhatAFreshJavaBackendPredicts() {
        Required.openCl();
        KilnModel model = Models.find("LeNet5");
        float[] image = new float[784];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i % 29) / 29f;
        }
        float[] java = new float[10];
        float[] openCl = new float[10];
        try (Backend b = model.open(BackendChoice.JAVA)) {
            b.plan(1);
            b.predict(image, 1, java);
        }
        try (Backend b = model.open(BackendChoice.OPENCL)) {
            b.plan(1);
            b.predict(image, 1, openCl);
        }
        for (int i = 0; i < 10; i++) {
            assertTrue(Float.isFinite(openCl[i]), "output " + i + " is " + openCl[i] + " before any training");
            assertEquals(java[i], openCl[i], 1e-4 + 1e-4 * Math.abs(java[i]), "the same starting weights: output " + i);
        }
    }

    @Test
    void aPictureIsNotWrittenUnderAnotherFormatsName(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("w.safetensors");
        float[] params = dev.kiln.runtime.init.Initializers.initialize(Models.find("LeNet5").spec(), 1L);
        dev.kiln.runtime.io.Checkpoints.save(weights, Models.find("LeNet5").spec(), params, java.util.Map.of());
        Path jpg = dir.resolve("x.jpg");
        ToolRun run = ToolRun.of("filters", "LeNet5", "--weights", weights.toString(), "--out", jpg.toString());
        assertEquals(1, run.status(), run.toString());
        assertEquals("kiln filters: cannot write " + jpg + ": Kiln draws PNG pictures, and a file named .jpg would hold PNG "
                + "bytes under another name; use a .png name", run.err().strip());
        assertFalse(Files.exists(jpg));
        assertEquals(0, ToolRun.of("filters", "LeNet5", "--weights", weights.toString(), "--out",
                dir.resolve("x.png").toString()).status());
    }
}
