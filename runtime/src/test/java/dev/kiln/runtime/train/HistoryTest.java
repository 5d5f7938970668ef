package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    @Test
    void csvHasOneColumnPerFieldAndEmptyCellsForWhatDoesNotApply(@TempDir Path dir) throws Exception {
        History h = new History();
        h.add(new History.Epoch(1, 0.5, 0.8125, 0.4, 0.85, 1234.56, 12.3456, 0.001), true);
        h.add(new History.Epoch(2, 0.25, Double.NaN, Double.NaN, Double.NaN, 1000, 2, 0.0005), false);
        String expected = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,images_per_second,seconds,learning_rate\n"
                + "1,0.500000,0.8125,0.400000,0.8500,1234.6,12.346,0.001\n"
                + "2,0.250000,,,,1000.0,2.000,0.0005\n";
        assertEquals(expected, h.toCsv());
        Path file = dir.resolve("out/history.csv");
        h.writeCsv(file);
        assertEquals(expected, Files.readString(file));
        assertEquals(1, h.bestEpoch());
        assertEquals(0.4, h.best().monitoredLoss());
        assertEquals(0.25, h.last().monitoredLoss(), "without validation the training loss is monitored");
    }
}
