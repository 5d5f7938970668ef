package dev.kiln.processor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.opencl.OpenClDevice;
import dev.kiln.runtime.opencl.OpenClDevices;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link Backends} chooses: java always works, auto takes OpenCL only where a GPU is, and says why. */
class BackendsTest {

    @Test
    void javaIsAlwaysTheGeneratedJavaBackend() {
        KilnModel model = Specs.model("SmallCnn");
        try (Backend b = Backends.open(model, "java", -1, OptimizerConfig.adam().build(), null)) {
            assertTrue(b instanceof JavaBackend, b.description());
        }
    }

    @Test
    void autoPrefersAGpuAndOtherwiseTheJavaBackend() {
        KilnModel model = Specs.model("SmallCnn");
        List<OpenClDevice> devices = OpenClBackend.platformAvailable() ? OpenClDevices.list() : List.of();
        boolean gpu = devices.stream().anyMatch(OpenClDevice::isGpu);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Backend b = Backends.open(model, "auto", -1, OptimizerConfig.adam().build(), new PrintStream(log, true, StandardCharsets.UTF_8))) {
            String said = log.toString(StandardCharsets.UTF_8);
            assertTrue(said.startsWith("backend: " + b.description()), said);
            if (gpu) {
                assertTrue(b.description().startsWith("opencl"), said);
            } else {
                assertTrue(b instanceof JavaBackend, said);
                assertTrue(said.contains(devices.isEmpty() ? "no OpenCL platform found" : "the only OpenCL devices are CPUs"), said);
            }
        }
    }

    @Test
    void anUnknownBackendIsRefusedWithTheChoices() {
        KilnException e = assertThrows(KilnException.class,
                () -> Backends.open(Specs.model("SmallCnn"), "cuda", -1, OptimizerConfig.adam().build(), null));
        assertEquals("unknown backend 'cuda': use java, opencl or auto", e.getMessage());
    }
}
