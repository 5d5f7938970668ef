package dev.kiln.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Window arithmetic against hand-computed values. */
class WindowTest {

    @Test
    void outputSizeIsFloorOfPaddedSpanOverStridePlusOne() {
        // LeNet c1: (28 + 2*2 - 5) / 1 + 1 = 28
        assertEquals(28, Window.symmetric(5, 5, 1, 1, 2, 2, 1, 1).outputHeight(28));
        // (7 - 3) / 2 + 1 = 3; (8 - 3) / 2 + 1 = 3 (one column left over)
        Window w = Window.symmetric(3, 3, 2, 2, 0, 0, 1, 1);
        assertEquals(3, w.outputHeight(7));
        assertEquals(3, w.outputWidth(8));
    }

    @Test
    void dilationWidensTheKernelAsPyTorchDoes() {
        // 3x3 kernel, dilation 2: extent 2*(3-1)+1 = 5; (10 + 0 - 5) / 1 + 1 = 6
        Window w = Window.symmetric(3, 3, 1, 1, 0, 0, 2, 2);
        assertEquals(5, w.effectiveKernelH());
        assertEquals(6, w.outputHeight(10));
        // dilation 3 on a 2-wide kernel, padding 1: extent 4, (9 + 2 - 4) / 2 + 1 = 4
        assertEquals(4, Window.symmetric(2, 2, 2, 2, 1, 1, 3, 3).outputWidth(9));
    }

    @Test
    void aWindowLargerThanItsPaddedInputHasNoOutput() {
        assertEquals(0, Window.symmetric(5, 5, 1, 1, 0, 0, 1, 1).outputHeight(4));
        assertEquals(1, Window.symmetric(5, 5, 1, 1, 1, 1, 1, 1).outputHeight(3));
    }

    @Test
    void samePaddingWithAnEvenKernelPutsTheExtraRowAtTheBottom() {
        // in 9, k 2, s 1: out 9, total (9-1)*1 + 2 - 9 = 1: top 0, bottom 1
        Window w = Window.same(9, 12, 2, 2, 1, 1, 1, 1);
        assertEquals(new Window(2, 2, 1, 1, 0, 1, 0, 1, 1, 1), w);
        assertEquals(9, w.outputHeight(9));
        assertEquals(12, w.outputWidth(12));
    }

    @Test
    void samePaddingWithStrideGivesCeilOfInputOverStride() {
        // in 7, k 3, s 2: out ceil(7/2) = 4, total (4-1)*2 + 3 - 7 = 2: 1 and 1
        Window w = Window.same(7, 7, 3, 3, 2, 2, 1, 1);
        assertEquals(1, w.padTop());
        assertEquals(1, w.padBottom());
        assertEquals(4, w.outputHeight(7));
        // in 8, k 3, s 2: out 4, total 3*2 + 3 - 8 = 1: 0 top, 1 bottom
        Window v = Window.same(8, 8, 3, 3, 2, 2, 1, 1);
        assertEquals(0, v.padTop());
        assertEquals(1, v.padBottom());
        assertEquals(4, v.outputHeight(8));
        // dilated: in 10, k 3, d 2 (extent 5), s 1: total 9 + 5 - 10 = 4: 2 and 2
        assertEquals(4, Window.samePadding(10, 3, 1, 2));
    }

    @Test
    void samePaddingIsNeverNegative() {
        // in 4, k 1, s 2: out 2, (2-1)*2 + 1 - 4 = -1, clamped to 0
        assertEquals(0, Window.samePadding(4, 1, 2, 1));
    }

    @Test
    void outputSizeStaysExactForValuesNearTheIntLimit() {
        assertEquals(2_147_483_647L, Window.outputSize(Integer.MAX_VALUE, 0, 1, 1));
        // (2^31-1 + 2*(2^31-2) - (2^31-1)) / 1 + 1 = 2^32 - 3
        assertEquals(4_294_967_293L, Window.outputSize(Integer.MAX_VALUE, 2L * (Integer.MAX_VALUE - 1), Integer.MAX_VALUE, 1));
    }

    @Test
    void kernelTextIsHeightByWidth() {
        assertEquals("3x5", Window.symmetric(3, 5, 1, 1, 0, 0, 1, 1).kernelText());
    }
}
