package dev.kiln.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Loss;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.Required;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backend's failure paths and its launch splitting, with hand-written programs. */
class OpenClBackendTest {
    private static final int SIZE = 100;
    /** One dropout layer over (1, 1, SIZE): layer 0's output has SIZE elements per image. */
    private static final NetworkSpec SPEC = SpecBuilder.of("t.Fill", 1, 1, SIZE, Loss.MEAN_SQUARED_ERROR)
            .dropout("d", 0.5).build();

    @BeforeEach
    void openCl() {
        Required.openCl();
    }

    @Test
    void failedBuildCarriesTheLogTheProgramTheOptionsAndTheDevice() {
        HandWrittenProgram broken = new HandWrittenProgram("__kernel void fill(__global float* out, const int batch) { out[0] = undeclared_name; }", SIZE);
        KilnException e = assertThrows(KilnException.class, () -> OpenClBackend.open(SPEC, broken, -1, OptimizerConfig.adam().build()));
        String device = OpenClDevices.list().get(0).name();
        assertTrue(e.getMessage().contains("FillOpenCl"), e.getMessage());
        assertTrue(e.getMessage().contains("undeclared_name"), "the build log names the culprit: " + e.getMessage());
        assertTrue(e.getMessage().contains("-cl-std=CL1.2"), e.getMessage());
        assertTrue(e.getMessage().contains(device) || OpenClDevices.list().stream().anyMatch(d -> e.getMessage().contains(d.name())),
                e.getMessage());
        assertEquals(0, ClArena.live().values().stream().mapToInt(Integer::intValue).sum(), "a failed open releases what it made");
    }

    @Test
    void aDeviceIndexOutOfRangeListsTheDevices() {
        int count = OpenClDevices.list().size();
        KilnException e = assertThrows(KilnException.class,
                () -> OpenClBackend.open(SPEC, HandWrittenProgram.fill(SIZE), count, OptimizerConfig.adam().build()));
        assertTrue(e.getMessage().contains("device " + count + " does not exist; there are " + count), e.getMessage());
    }

    @Test
    void anAllocationBeyondTheDeviceNamesTheBufferAndItsSize() {
        OpenClDevice d = OpenClDevices.list().get(0);
        long perImage = d.maxAllocationBytes() / 4 / 2 + 1; // two images already exceed one allocation
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(SPEC, new HandWrittenProgram(HandWrittenProgram.FILL.formatted(SIZE), perImage), -1,
                OptimizerConfig.adam().build())) {
            KilnException e = assertThrows(KilnException.class, () -> b.plan(2));
            assertTrue(e.getMessage().contains("buffer input needs " + perImage * 2 * 4 + " bytes"), e.getMessage());
        }
        assertEquals(0, ClArena.live().values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void splitLaunchesCoverEveryElementOnce() {
        long saved = OpenClBackend.maxItemsPerEnqueue;
        OpenClBackend.maxItemsPerEnqueue = 128; // 7 images x 100 elements -> 6 enqueues of 128 items
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(SPEC, HandWrittenProgram.fill(SIZE), -1, OptimizerConfig.adam().build())) {
            float[] out = new float[7 * SIZE];
            b.layerOutput(0, new float[7 * SIZE], 7, out);
            for (int i = 0; i < out.length; i++) {
                assertEquals(i, out[i], "element " + i);
            }
            assertEquals(1, b.launches(), "a split launch counts once");
        } finally {
            OpenClBackend.maxItemsPerEnqueue = saved;
        }
    }

    @Test
    void wrongLengthsAreRefusedBeforeAnyWork() {
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(SPEC, HandWrittenProgram.fill(SIZE), -1, OptimizerConfig.adam().build())) {
            KilnException e = assertThrows(KilnException.class, () -> b.predict(new float[SIZE], 2, new float[2 * SIZE]));
            assertTrue(e.getMessage().contains("the input holds 100 floats, but a batch of 2 images of"), e.getMessage());
            assertEquals(0, b.launches());
        }
    }

    @Test
    void nonFiniteInputsAreRefusedBeforeAnyWorkAsOnTheJavaBackend() {
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(SPEC, HandWrittenProgram.fill(SIZE), -1, OptimizerConfig.adam().build())) {
            float[] input = new float[2 * SIZE];
            input[SIZE + 3] = Float.NaN;
            KilnException e = assertThrows(KilnException.class, () -> b.predict(input, 2, new float[2 * SIZE]));
            assertTrue(e.getMessage().contains("image 1 of the batch has NaN"), e.getMessage());
            assertTrue(e.getMessage().endsWith("inputs must be finite"), e.getMessage());
            assertEquals(0, b.launches());
        }
    }

    @Test
    void describesTheDeviceItRunsOn() {
        List<OpenClDevice> all = OpenClDevices.list();
        assertFalse(all.isEmpty());
        try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(SPEC, HandWrittenProgram.fill(SIZE), 0, OptimizerConfig.adam().build())) {
            OpenClDevice d = all.get(0);
            assertEquals("opencl: " + d.name() + " (" + (d.isGpu() ? "GPU" : "CPU") + ", " + d.platform() + ")", b.description());
        }
    }

    @Test
    void workGroupSizeWastesAtMostAnEighth() {
        assertEquals(64, OpenClBackend.workGroupSize(784, 256));   // 832 items, 48 idle
        assertEquals(256, OpenClBackend.workGroupSize(1024, 256));
        assertEquals(1, OpenClBackend.workGroupSize(1, 256));
        assertEquals(8, OpenClBackend.workGroupSize(36, 256));     // 40 items, 4 idle (16 would leave 12 idle)
        assertEquals(128, OpenClBackend.workGroupSize(4096, 128)); // the device limit wins
    }
}
