package dev.kiln.processor.opencl;

import dev.kiln.spec.NetworkSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The long run of the OpenCL random-network parity (tag {@code long}): a thousand random networks
 * over the whole grammar ({@code -Dkiln.opencl.longGraphs=N}), a third with adversarial names,
 * built as shipped (optimised, unlike the default suite's 100), against the double-precision
 * reference. Seeds start after the default suite's, so the two runs never repeat a network.
 */
@Tag("long")
class LongRandomParityTest {
    @BeforeEach
    void openCl() {
        OpenClTestSupport.requireOpenCl();
    }

    @Test
    void aThousandRandomNetworksMatchTheReference() {
        int count = Integer.getInteger("kiln.opencl.longGraphs", 1_000);
        List<NetworkSpec> all = ParityTest.randomSpecs(100_000, count);
        for (int start = 0; start < count; start += 100) {
            List<NetworkSpec> chunk = all.subList(start, Math.min(count, start + 100));
            GeneratedPrograms.preload(chunk);
            for (int i = 0; i < chunk.size(); i++) {
                Parity.check(chunk.get(i), 100_000 + start + i, 2 + (start + i) % 4);
            }
        }
    }
}
