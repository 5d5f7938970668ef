package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.spec.NetworkSpec;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-phase breakdown of a Java training step: its arithmetic, its section of the report, its trip through LayerMain's stdout. */
class PhaseReportTest {
    private static Report report(String... args) {
        Machine m = new Machine("AMD EPYC", 2, Set.of("avx", "avx2", "fma"), 2.445, 2, 8, "1 GiB");
        return new Report(Options.parse(args), m, Instant.parse("2026-01-01T00:00:00Z"), 1.0);
    }

    /** The lines of the report from the phases heading to the next blank line after the table. */
    private static String section(String markdown) {
        int at = markdown.indexOf(Report.PHASES);
        assertTrue(at >= 0, markdown);
        int end = markdown.indexOf("\n## ", at + 1);
        return markdown.substring(at, end);
    }

    @Test
    void lossAndBackwardAreDifferencesOfCumulativeTimings() {
        // data 1, forward 4, forward + loss 4.5, forward + loss + backward 8, optimizer 1: loss 0.5, backward 3.5, total 10
        PhaseBench.Result r = PhaseBench.Result.fromCumulative("LeNet5", 64, 1.0, 4.0, 4.5, 8.0, 1.0, 9.8);
        assertEquals(0.5, r.lossMs(), 1e-12);
        assertEquals(3.5, r.backwardMs(), 1e-12);
        assertEquals(10.0, r.totalMs(), 1e-12);
        assertEquals(9.8, r.stepMs(), 0);
        assertNull(r.error());
    }

    @Test
    void aNegativeDifferenceFromNoiseCountsAsZero() {
        // forward + loss 3.9 below forward 4: loss 0, backward 8 - 3.9 = 4.1
        PhaseBench.Result r = PhaseBench.Result.fromCumulative("LeNet5", 64, 1.0, 4.0, 3.9, 8.0, 1.0, 9.8);
        assertEquals(0.0, r.lossMs(), 0);
        assertEquals(4.1, r.backwardMs(), 1e-12);
    }

    @Test
    void theSectionGivesEachPhaseItsMillisecondsAndShare() {
        Report report = report("--networks", "LeNet5,FashionCnn", "--contestants", "kiln-java");
        report.phases.add(PhaseBench.Result.fromCumulative("LeNet5", 64, 1.0, 4.0, 4.5, 8.0, 1.0, 9.8));
        // FashionCnn: data 0.25, forward 12, loss 0.05, backward 10.2, optimizer 2.5 = total 25: shares 1, 48, 0.2, 40.8, 10 %
        report.phases.add(new PhaseBench.Result("FashionCnn", 100, 0.25, 12, 0.05, 10.2, 2.5, 26.125, null));
        String s = section(report.markdown());
        assertTrue(s.contains("| network | batch | data ms (share) | forward ms (share) | loss ms (share) | backward ms (share)"
                + " | optimizer ms (share) | total ms | whole step measured ms |\n|---|---|---|---|---|---|---|---|---|\n"), s);
        assertTrue(s.contains("\n| LeNet5 | 64 | 1.000 (10.0%) | 4.000 (40.0%) | 0.500 (5.0%) | 3.500 (35.0%) | 1.000 (10.0%)"
                + " | 10.000 | 9.800 |\n"), s);
        assertTrue(s.contains("\n| FashionCnn | 100 | 0.250 (1.0%) | 12.000 (48.0%) | 0.050 (0.2%) | 10.200 (40.8%) | 2.500 (10.0%)"
                + " | 25.000 | 26.125 |\n"), s);
        assertFalse(s.contains("Not measured"), s);
    }

    @Test
    void aFailedNetworkIsARowThatSaysWhy() {
        Report report = report("--networks", "LeNet5", "--contestants", "kiln-java");
        report.phases.add(PhaseBench.Result.failed("LeNet5", 64, "the per-layer JVM died with exit status 134"));
        String s = section(report.markdown());
        assertTrue(s.contains("\n| LeNet5 | 64 | failed: `the per-layer JVM died with exit status 134` | | | | | | |\n"), s);
    }

    @Test
    void withoutTheLayerPhaseTheSectionSaysItWasNotMeasured() {
        Report report = report("--networks", "LeNet5", "--contestants", "kiln-java", "--layers", "false");
        String s = section(report.markdown());
        assertTrue(s.contains("Not measured in this run"), s);
        assertFalse(s.contains("| network |"), s);
    }

    @Test
    void thePerLayerTableKeepsItsColumns() {
        Report report = report("--networks", "LeNet5", "--contestants", "kiln-java");
        assertTrue(report.markdown().contains("| network | layer | backend | forward ms | forward GFLOP/s | % peak | backward ms"
                + " | backward GFLOP/s | % peak | 1 core fwd GFLOP/s (% core peak) | 1 core bwd GFLOP/s (% core peak) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n"));
    }

    @Test
    void aBackwardBelowTheNoiseIsADashNotAnAbsurdRate() {
        Report report = report("--networks", "LeNet5", "--contestants", "kiln-java");
        // peak 2 x 2 x 8 x 2 x 2.445 = 156.48 GFLOP/s: 2.0 is 1.3%; one core 78.24: 10.0 is 12.8%
        LayerBench.Case out = LayerBench.cases("LeNet5", 64).get(4);
        report.layers.add(new LayerBench.Result(out, "java", 0.5, Double.NaN, 2.0, Double.NaN, 10.0, Double.NaN, 0.01, null));
        assertTrue(report.markdown().contains("\n| LeNet5 | out | java | 0.500 | 2.0 | 1.3% | – | – | – | 10.00 (12.8%) | – |\n"));
    }

    @Test
    void theRunnerReadsPhaseAndLayerLinesBack() {
        String out = "some log line\n"
                + "layer\tLeNet5\tc1\tjava\t0.5\t0.75\t10.0\t11.0\t12.0\t13.0\t0.25\t\n"
                + "phase\tLeNet5\t64\t0.1\t2.0\t0.05\t1.5\t0.3\t3.9\t\n";
        LayerRunner.Output o = LayerRunner.parse(out, List.of("LeNet5"), "java", "not reported");
        PhaseBench.Result p = o.phases().get(0);
        assertArrayEquals(new double[] {0.1, 2.0, 0.05, 1.5, 0.3, 3.9},
                new double[] {p.dataMs(), p.forwardMs(), p.lossMs(), p.backwardMs(), p.optimizerMs(), p.stepMs()}, 0);
        assertEquals(64, p.batch());
        assertNull(p.error());
        LayerBench.Result c1 = o.layers().get(0);
        assertEquals("c1", c1.layerCase().layer());
        assertEquals(0.75, c1.backwardMs(), 0);
        assertEquals(0.25, c1.lossMs(), 0);
        assertNull(c1.error());
        // the layers LeNet5 has that the output did not report fail with the runner's reason
        assertEquals(LayerBench.cases("LeNet5", 64).size(), o.layers().size());
        assertEquals("not reported", o.layers().get(1).error());
    }

    @Test
    void aNetworkWithoutAPhaseLineFailsAndOpenClHasNoPhases() {
        LayerRunner.Output java = LayerRunner.parse("", List.of("LeNet5"), "java", "the per-layer JVM died with exit status 1");
        assertEquals("the per-layer JVM died with exit status 1", java.phases().get(0).error());
        assertTrue(LayerRunner.parse("", List.of("LeNet5"), "opencl", "x").phases().isEmpty());
    }

    @Test
    void theConvKernelRowsAreTheJavaBackendsOnly() {
        List<LayerBench.Case> java = LayerBench.cases("FashionResNet", 128, "java");
        assertTrue(java.stream().filter(c -> c.kernel() != null).count() > 1);
        // OpenCL times the whole network alone: no failed row per conv kernel
        LayerRunner.Output opencl = LayerRunner.parse("", List.of("FashionResNet"), "opencl", "x");
        assertEquals(List.of("whole network"), opencl.layers().stream().map(l -> l.layerCase().layer()).toList());
        assertEquals(java.size(), LayerRunner.parse("", List.of("FashionResNet"), "java", "x").layers().size());
    }

    @Test
    void batchesAreGatheredAsTheTrainerDoesFromAShuffledOrder() {
        NetworkSpec spec = KilnModels.find("dev.kiln.samples.LeNet5").spec();
        Dataset data = PhaseBench.dataset(spec, 10);
        PhaseBench.Batches b = new PhaseBench.Batches(data, spec, 3, 42);
        int size = spec.input().intSize();
        int[] sorted = b.order.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        // 3 full batches of 3 use images order[0..8]; the fourth cannot be full and starts the order again
        for (int step = 0; step < 4; step++) {
            b.next();
            int from = step < 3 ? 3 * step : 0;
            for (int i = 0; i < 3; i++) {
                int index = b.order[from + i];
                assertArrayEquals(data.image(index), java.util.Arrays.copyOfRange(b.input, i * size, (i + 1) * size));
                assertEquals(data.labels()[index], b.labels[i]);
            }
        }
    }
}
