package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void readsNameValuePairs() {
        Options o = Options.parse(new String[] {"--reps", "5", "--networks", "LeNet5", "--first-epoch", "false"});
        assertEquals(5, o.repetitions());
        assertEquals(List.of("LeNet5"), o.networks());
        assertEquals(false, o.firstEpoch());
    }

    @Test
    void namesAnUnknownOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--repz", "5"}));
        assertTrue(e.getMessage().contains("[repz]"), e.getMessage());
    }
}
