package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainConfigTest {

    @Test
    void defaultsAreTheKerasTutorialSettingsWithATenthForValidation() {
        TrainConfig c = TrainConfig.defaults();
        assertEquals(64, c.batch());
        assertEquals(1e-3, c.learningRate());
        assertEquals(OptimizerConfig.Kind.ADAM, c.optimizer().kind());
        assertEquals(0.1, c.validationFraction());
        assertEquals(0, c.patience());
        assertEquals(0, c.maxStepsPerEpoch());
        assertEquals(null, c.checkpointFile());
        assertEquals(Path.of("d", "best.safetensors"), c.withCheckpointDir(Path.of("d")).checkpointFile());
        TrainConfig changed = c.withEpochs(3).withBatch(32).withSeed(9).withEarlyStopping(2, false);
        assertEquals(3, changed.epochs());
        assertEquals(32, changed.batch());
        assertEquals(9, changed.seed());
        assertEquals(2, changed.patience());
        assertEquals(false, changed.restoreBest());
    }

    @Test
    void badSettingsNameTheSettingAndTheValue() {
        TrainConfig c = TrainConfig.defaults();
        assertMessage("epochs must be at least 1, but is 0", () -> c.withEpochs(0));
        assertMessage("batch must be at least 1, but is -4", () -> c.withBatch(-4));
        assertMessage("learning rate must be positive and finite, but is NaN", () -> c.withLearningRate(Double.NaN));
        assertMessage("validation fraction must be in [0, 1), but is 1.0", () -> c.withValidationFraction(1));
        assertMessage("patience must be 0 (off) or more epochs, but is -1", () -> c.withEarlyStopping(-1, true));
    }

    private static void assertMessage(String part, Runnable r) {
        KilnException e = assertThrows(KilnException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
