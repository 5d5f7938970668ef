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
        assertEquals(Path.of("d", "best.safetensors"), c.toBuilder().checkpointDir(Path.of("d")).build().checkpointFile());
        TrainConfig changed = c.toBuilder().epochs(3).batch(32).seed(9).patience(2).restoreBest(false).build();
        assertEquals(3, changed.epochs());
        assertEquals(32, changed.batch());
        assertEquals(9, changed.seed());
        assertEquals(2, changed.patience());
        assertEquals(false, changed.restoreBest());
    }

    @Test
    void badSettingsNameTheSettingAndTheValue() {
        TrainConfig c = TrainConfig.defaults();
        assertMessage("epochs must be at least 1, but is 0", () -> c.toBuilder().epochs(0).build());
        assertMessage("batch must be at least 1, but is -4", () -> c.toBuilder().batch(-4).build());
        assertMessage("learning rate must be positive and finite, but is NaN", () -> c.toBuilder().learningRate(Double.NaN).build());
        assertMessage("validation fraction must be in [0, 1), but is 1.0", () -> c.toBuilder().validationFraction(1).build());
        assertMessage("patience must be 0 (off) or more epochs, but is -1", () -> c.toBuilder().patience(-1).restoreBest(true).build());
    }

    @Test
    void theBuilderSetsEverySettingByNameAndKeepsTheRestOnToBuilder() {
        TrainConfig c = TrainConfig.builder().epochs(7).batch(12).learningRate(0.2)
                .optimizer(OptimizerConfig.sgd().momentum(0.5)).seed(3).validationFraction(0.3).patience(4)
                .restoreBest(false).checkpointDir(Path.of("runs")).maxStepsPerEpoch(9).initialize(false)
                .freeze("c1").build();
        assertEquals(new TrainConfig(7, 12, 0.2, OptimizerConfig.sgd().momentum(0.5).build(), c.schedule(), 3, 0.3, 4, false,
                Path.of("runs"), 9, false, FineTune.NONE.withFreeze(java.util.Set.of("c1"))), c);
        assertEquals(c, c.toBuilder().build(), "toBuilder keeps every setting");
        TrainConfig changed = c.toBuilder().epochs(8).build();
        assertEquals(8, changed.epochs());
        assertEquals(c.batch(), changed.batch());
        assertEquals(c.fineTune(), changed.fineTune());
    }

    private static void assertMessage(String part, Runnable r) {
        KilnException e = assertThrows(KilnException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
