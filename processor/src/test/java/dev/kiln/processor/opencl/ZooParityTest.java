package dev.kiln.processor.opencl;

import dev.kiln.processor.javagen.ZooSpecs;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 23's kinds and options on OpenCL against the double-precision reference, one small network each
 * ({@link ZooSpecs}: the Java pass runs the same ones): forward, loss, every gradient and an optimiser step, in
 * training and at inference, with a batch of 3.
 */
class ZooParityTest {
    private static final List<ZooSpecs.Named> CASES = ZooSpecs.options(0);

    @BeforeAll
    static void compileAll() {
        OpenClTestSupport.requireOpenCl();
        GeneratedPrograms.preload(CASES.stream().map(ZooSpecs.Named::spec).toList());
    }

    @BeforeEach
    void openCl() {
        OpenClTestSupport.requireOpenCl();
    }

    static Stream<ZooSpecs.Named> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReference(ZooSpecs.Named c) {
        Parity.check(c.spec(), c.label().hashCode(), 3);
    }
}
