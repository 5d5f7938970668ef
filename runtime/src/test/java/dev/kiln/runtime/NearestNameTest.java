package dev.kiln.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 26 item 6: the suggestion rule on the cases the issue lists, with distances counted by hand. */
class NearestNameTest {
    static final List<String> OPTIONS = List.of("--epochs", "--batch", "--out", "--overwrite", "--patience", "--weights",
            "--seed", "--lr");

    @Test
    void distancesCountSwapsAsOneEdit() {
        assertEquals(1, NearestName.distance("trian", "train")); // one swap of neighbours
        assertEquals(2, NearestName.distance("ouput", "out"));   // two deletions
        assertEquals(1, NearestName.distance("epoch", "epochs"));
        assertEquals(3, NearestName.distance("kitten", "sitting"));
    }

    @Test
    void theNearestNameIsSuggestedAndFarOnesAreNot() {
        assertEquals(Optional.of("--epochs"), NearestName.of("--epoch", OPTIONS));
        assertEquals(Optional.of("--batch"), NearestName.of("--batch-size", OPTIONS)); // a name it begins with
        assertEquals(Optional.of("--out"), NearestName.of("--ouput", OPTIONS));
        assertEquals(Optional.of("--weights"), NearestName.of("--weigths", OPTIONS));
        assertEquals(Optional.of("LeNet5"), NearestName.of("lenet5", List.of("FashionCnn", "LeNet5", "LeNet5FiveClasses")));
        assertEquals(Optional.of("LeNet5"), NearestName.of("LeNet", List.of("FashionCnn", "LeNet5", "LeNet5FiveClasses")));
        assertEquals(Optional.empty(), NearestName.of("--frobnicate", OPTIONS));
        assertEquals(Optional.empty(), NearestName.of("Xyzzy", List.of("LeNet5", "FashionCnn")));
    }
}
