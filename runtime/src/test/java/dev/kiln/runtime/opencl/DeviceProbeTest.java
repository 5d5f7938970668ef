package dev.kiln.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The child JVM's answer, read back: devices, a driver that failed, a child that crashed. */
class DeviceProbeTest {

    @Test
    void devicesAreReadBackInOrder() {
        DeviceProbe.Result r = DeviceProbe.parse(List.of(DeviceProbe.HEADER,
                "device\tpthread-skylake\tfalse\tPortable Computing Language\tOpenCL 3.0 PoCL\t17273458688\t4294967296\t524288\t4096\t2",
                "device\tNVIDIA H100\ttrue\tNVIDIA CUDA\tOpenCL 3.0 CUDA\t85000000000\t21000000000\t49152\t1024\t132"), 0);
        assertNull(r.problem());
        assertEquals(2, r.devices().size());
        OpenClDevice gpu = r.devices().get(1);
        assertEquals(1, gpu.index());
        assertEquals("NVIDIA H100", gpu.name());
        assertTrue(gpu.isGpu());
        assertEquals(21_000_000_000L, gpu.maxAllocationBytes());
        assertEquals(132, gpu.computeUnits());
    }

    @Test
    void aChildThatCrashedOrFailedGivesNoDevicesAndSaysWhy() {
        DeviceProbe.Result crashed = DeviceProbe.parse(List.of(), 139);
        assertTrue(crashed.devices().isEmpty());
        assertEquals("the OpenCL device probe ended with status 139 and no answer (killed by signal 11: the OpenCL driver "
                + "crashed)", crashed.problem());
        DeviceProbe.Result failed = DeviceProbe.parse(List.of(DeviceProbe.HEADER, "error\tCL_PLATFORM_NOT_FOUND_KHR"), 0);
        assertEquals("no OpenCL platform could be opened (CL_PLATFORM_NOT_FOUND_KHR)", failed.problem());
    }

    @Test
    void theChildListsWhatThisJvmWouldSee() {
        // the same devices, in the same order, as enumerating here (which the backend does when it opens one)
        List<OpenClDevice> probed = OpenClDevices.list();
        assumeTrue(!probed.isEmpty(), "no OpenCL device to compare");
        assumeTrue(SignalSafety.problem() == null, "loading the driver here is refused (Maven's tests run with libjsig)");
        List<OpenClDevice> here = OpenClDevices.enumerateHere();
        assertEquals(here.stream().map(OpenClDevice::toString).toList(), probed.stream().map(OpenClDevice::toString).toList());
    }
}
