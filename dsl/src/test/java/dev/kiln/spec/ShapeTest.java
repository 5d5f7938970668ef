package dev.kiln.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void sizeIsTheProductOfTheDimensions() {
        assertEquals(6 * 28 * 28, Shape.of(6, 28, 28).size());
        assertEquals(120, Shape.vector(120).size());
    }

    @Test
    void sizeIsExactBeyondTheIntRange() {
        // 65,536 * 65,536 * 2 = 8,589,934,592
        assertEquals(8_589_934_592L, Shape.of(65_536, 65_536, 2).size());
        assertThrows(ArithmeticException.class, () -> Shape.of(65_536, 65_536, 2).intSize());
    }

    @Test
    void shapesPrintAsKilnMessagesWriteThem() {
        assertEquals("(6, 4, 4)", Shape.of(6, 4, 4).toString());
        assertEquals("(10)", Shape.vector(10).toString());
        assertTrue(Shape.vector(3).isVector());
    }

    @Test
    void rejectsNonPositiveDimensions() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1, -1, 1));
    }
}
