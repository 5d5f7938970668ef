package dev.kiln.runtime.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as {@code kiln devices} lists it. The index is the position in
 * {@link OpenClDevices#list()}: platforms in driver order, devices in platform order.
 */
public final class OpenClDevice {
    private final int index;
    private final String name;
    private final boolean gpu;
    private final String platform;
    private final String version;
    private final long globalMemory;
    private final long maxAllocation;
    private final long localMemory;
    private final long maxWorkGroupSize;
    private final int computeUnits;
    final cl_platform_id platformId;
    final cl_device_id deviceId;

    OpenClDevice(int index, String name, boolean gpu, String platform, String version, long globalMemory,
                 long maxAllocation, long localMemory, long maxWorkGroupSize, int computeUnits,
                 cl_platform_id platformId, cl_device_id deviceId) {
        this.index = index;
        this.name = name;
        this.gpu = gpu;
        this.platform = platform;
        this.version = version;
        this.globalMemory = globalMemory;
        this.maxAllocation = maxAllocation;
        this.localMemory = localMemory;
        this.maxWorkGroupSize = maxWorkGroupSize;
        this.computeUnits = computeUnits;
        this.platformId = platformId;
        this.deviceId = deviceId;
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public boolean isGpu() {
        return gpu;
    }

    public String platform() {
        return platform;
    }

    /** The device's OpenCL version string, e.g. {@code OpenCL 3.0 PoCL ...}. */
    public String version() {
        return version;
    }

    public long globalMemoryBytes() {
        return globalMemory;
    }

    /** The largest single buffer the device allows (CL_DEVICE_MAX_MEM_ALLOC_SIZE). */
    public long maxAllocationBytes() {
        return maxAllocation;
    }

    public long localMemoryBytes() {
        return localMemory;
    }

    public long maxWorkGroupSize() {
        return maxWorkGroupSize;
    }

    public int computeUnits() {
        return computeUnits;
    }

    /** {@code 0: NVIDIA H100 (GPU, NVIDIA CUDA, 79 GiB, 132 compute units)}. */
    @Override
    public String toString() {
        return index + ": " + name + " (" + (gpu ? "GPU" : "CPU") + ", " + platform + ", "
                + (globalMemory >> 30) + " GiB, " + computeUnits + " compute units)";
    }
}
