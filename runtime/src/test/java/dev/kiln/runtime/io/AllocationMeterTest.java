package dev.kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The fuzz tests' allocation bound can only fail if the meter sees allocations: check that it does. */
class AllocationMeterTest {
    static volatile Object sink;

    @Test
    void seesALargeArray() {
        Assumptions.assumeTrue(AllocationMeter.allocatedBytes() >= 0, "this JVM does not count allocated bytes");
        long before = AllocationMeter.allocatedBytes();
        sink = new byte[16 << 20];
        long allocated = AllocationMeter.allocatedBytes() - before;
        assertTrue(allocated >= 16 << 20, "16 MiB allocated, meter saw " + allocated);
    }
}
