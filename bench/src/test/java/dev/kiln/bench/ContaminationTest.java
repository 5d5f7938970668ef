package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contamination filter's arithmetic, on /proc lines written by hand. */
class ContaminationTest {

    @Test
    void machineLineCountsStealAsBusyAndGuestNotTwice() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        long[] m = Contamination.parseMachine("cpu  100 20 30 400 50 1 2 3 7 0\ncpu0 1 2 3 4 5 6 7 8 9 0\n");
        assertEquals(100 + 20 + 30 + 1 + 2 + 3, m[0]);
        assertEquals(156 + 400 + 50, m[1]);
    }

    @Test
    void selfLineSurvivesSpacesAndParenthesesInTheCommandName() {
        // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String line = "4242 (java (a) b) S 1 2 3 4 5 6 7 8 9 10 1234 567 11 12 20 0 30\n";
        assertEquals(1234 + 567, Contamination.parseSelf(line));
    }

    @Test
    void othersAreTheMachinesBusyTimeLessOurOwnInCores() {
        // 2 CPUs over 1 s at 100 Hz: 200 ticks in all; the machine was busy 180, we used 150: others 30 ticks = 0.3 cores
        Contamination.Ticks a = new Contamination.Ticks(1000, 5000, 300);
        Contamination.Ticks b = new Contamination.Ticks(1180, 5200, 450);
        assertEquals(0.3, Contamination.othersCores(a, b, 2), 1e-12);
        assertFalse(Contamination.isClean(0.3, 0.1));
        assertTrue(Contamination.isClean(0.05, 0.1));
    }

    @Test
    void aProcessCounterAheadOfTheMachineCounterIsNotNegativeContamination() {
        Contamination.Ticks a = new Contamination.Ticks(1000, 5000, 300);
        Contamination.Ticks b = new Contamination.Ticks(1100, 5200, 402);
        assertEquals(0.0, Contamination.othersCores(a, b, 2));
    }

    @Test
    void theFigureIsCleanImagesOverCleanTimeAndCountsWhatWasDropped() {
        List<Throughput.Chunk> chunks = List.of(
                new Throughput.Chunk(640, 0.5, 0.02),
                new Throughput.Chunk(64, 0.5, 1.4),   // another process took a core: libtorch-style collapse
                new Throughput.Chunk(576, 0.5, 0.10),  // at the threshold: kept
                new Throughput.Chunk(300, 0.5, 0.11));
        Throughput.Result r = Throughput.summarise(chunks, 0.1, 40, 0);
        assertEquals((640 + 576) / 1.0, r.imagesPerSecond(), 1e-9);
        assertEquals(4, r.chunks());
        assertEquals(2, r.dropped());
        assertEquals(1.0, r.cleanSeconds(), 1e-12);
    }

    @Test
    void everyChunkDroppedGivesNoFigureRatherThanAContaminatedOne() {
        Throughput.Result r = Throughput.summarise(List.of(new Throughput.Chunk(100, 0.5, 0.9)), 0.1, 1, 0);
        assertTrue(Double.isNaN(r.imagesPerSecond()));
        assertEquals(1, r.dropped());
    }

    @Test
    void ratiosPairContestantsWithinARound() {
        NetworkResults r = new NetworkResults("LeNet5", 64, List.of(256), 3);
        System.arraycopy(new double[] {100, 200, 300}, 0, r.series(r.training, "kiln-java"), 0, 3);
        System.arraycopy(new double[] {50, 400, 100}, 0, r.series(r.training, "djl"), 0, 3);
        // per round 2.0, 0.5, 3.0: median 2.0; the ratio of medians (200 / 100) would say the same here only by chance
        Stats s = r.ratio(r.training, "kiln-java", "djl");
        assertEquals(2.0, s.median(), 1e-12);
        assertEquals(0.5, s.min(), 1e-12);
        assertEquals(3.0, s.max(), 1e-12);
    }

    @Test
    void theBestOtherIsChosenRoundByRound() {
        NetworkResults r = new NetworkResults("ResNet18", 16, List.of(1), 3);
        Map<String, double[]> t = r.inference.get(1);
        System.arraycopy(new double[] {100, 200, 300}, 0, r.series(t, "kiln-java"), 0, 3);
        System.arraycopy(new double[] {50, 400, Double.NaN}, 0, r.series(t, "djl"), 0, 3);
        System.arraycopy(new double[] {80, 100, 150}, 0, r.series(t, "ort"), 0, 3);
        // round 1: best 80 -> 1.25; round 2: best 400 -> 0.5; round 3: djl failed, best 150 -> 2.0
        Stats s = r.ratioToBest(t, "kiln-java", List.of("djl", "ort"));
        assertEquals(1.25, s.median(), 1e-12);
        assertEquals(0.5, s.min(), 1e-12);
        assertEquals(2.0, s.max(), 1e-12);
    }
}
