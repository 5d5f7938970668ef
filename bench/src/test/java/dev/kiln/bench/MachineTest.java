package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MachineTest {
    @Test
    void peakOfTwoAvx2CoresAt2445MHz() {
        // 2 cores x 2 FMA pipes x 8 fp32 lanes x 2 flops x 2.445 GHz, by hand: 156.48 GFLOP/s
        Machine m = new Machine("AMD EPYC", 2, Set.of("avx", "avx2", "fma"), 2.445, 2, 8, "1 GiB");
        assertEquals(156.48, m.peakGflops(), 1e-9);
        assertTrue(m.peakFormula().contains("= 156.5 GFLOP/s"), m.peakFormula());
    }

    @Test
    void withoutFmaAnOperationIsOneFlopPerLane() {
        Machine m = new Machine("old", 4, Set.of("sse2"), 3.0, 2, 4, "1 GiB");
        assertEquals(4 * 2 * 4 * 1 * 3.0, m.peakGflops(), 1e-9);
        assertEquals("SSE", m.vectorIsa());
    }

    @Test
    void anAllCorePeakBelowTheCoresTimesOneCoreIsReplacedByThatProduct() {
        MeasuredPeak quiet = new MeasuredPeak(16, 117.0, 233.7, 2);
        assertEquals(233.7, quiet.allCoresGflops(), 1e-9);
        assertTrue(!quiet.describe().contains("disturbed"), quiet.describe());
        // measured while another process took a core: 2 x 117.0 = 234.0 by hand
        MeasuredPeak loaded = new MeasuredPeak(16, 117.0, 119.3, 2);
        assertEquals(234.0, loaded.allCoresGflops(), 1e-9);
        assertTrue(loaded.describe().endsWith("against 2 x one core's, 234.0 GFLOP/s"), loaded.describe());
    }
}
