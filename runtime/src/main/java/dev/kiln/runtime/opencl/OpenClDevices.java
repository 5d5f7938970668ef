package dev.kiln.runtime.opencl;

import static org.jocl.CL.*;

import dev.kiln.runtime.KilnException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Finds OpenCL devices: the listing behind {@code kiln devices} and the backend's device choice. */
public final class OpenClDevices {
    /** What the user can do when there is no platform; every "no OpenCL" message ends with it. */
    static final String INSTALL_HINT = "install an OpenCL driver for your GPU, or PoCL for the CPU "
            + "(Debian/Ubuntu: apt-get install pocl-opencl-icd ocl-icd-opencl-dev), or use --backend java";

    private OpenClDevices() {
    }

    private static DeviceProbe.Result probed;

    /**
     * Every device of every platform; empty when no OpenCL platform (or no ICD loader) is installed.
     * The devices are listed by a child JVM ({@link DeviceProbe}), once per JVM, so that listing them
     * loads no OpenCL driver here.
     */
    public static synchronized List<OpenClDevice> list() {
        return probe().devices();
    }

    /** Why {@link #list()} is empty when a probe failed (a driver crashed, the child could not start); null otherwise. */
    public static synchronized String problem() {
        return probe().problem();
    }

    private static DeviceProbe.Result probe() {
        if (probed == null) {
            probed = SignalSafety.icdLibraries().isEmpty() && System.getenv("OCL_ICD_VENDORS") == null
                    ? new DeviceProbe.Result(List.of(), null) : DeviceProbe.run();
        }
        return probed;
    }

    /** The devices as this JVM's driver sees them; loads the OpenCL drivers into this JVM. */
    static List<OpenClDevice> enumerateHere() {
        return enumerate();
    }

    /**
     * Device {@code index} of {@link #list()}, or for -1 the first GPU, else the first device.
     *
     * @throws KilnException without a platform (saying how to install one) or for an index out of range
     */
    static OpenClDevice pick(int index) {
        SignalSafety.requireSafeToLoad();
        List<OpenClDevice> all;
        try {
            all = enumerate();
        } catch (CLException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new KilnException("opencl: no OpenCL platform could be opened (" + e.getMessage() + "); " + INSTALL_HINT, e);
        }
        if (all.isEmpty()) {
            throw new KilnException("opencl: no OpenCL device found; " + INSTALL_HINT);
        }
        if (index < 0) {
            return all.stream().filter(OpenClDevice::isGpu).findFirst().orElse(all.get(0));
        }
        if (index >= all.size()) {
            throw new KilnException("opencl: device " + index + " does not exist; there are " + all.size()
                    + " (0 to " + (all.size() - 1) + "): " + all);
        }
        return all.get(index);
    }

    private static List<OpenClDevice> enumerate() {
        CL.setExceptionsEnabled(true);
        int[] count = new int[1];
        try {
            clGetPlatformIDs(0, null, count);
        } catch (CLException e) {
            if (e.getStatus() == -1001) { // CL_PLATFORM_NOT_FOUND_KHR: an ICD loader without drivers
                return List.of();
            }
            throw e;
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        List<OpenClDevice> devices = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            String platformName = platformString(platform, CL_PLATFORM_NAME);
            int[] n = new int[1];
            try {
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
            } catch (CLException e) {
                continue; // CL_DEVICE_NOT_FOUND: a platform without devices
            }
            cl_device_id[] ids = new cl_device_id[n[0]];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            for (cl_device_id id : ids) {
                long type = deviceLong(id, CL_DEVICE_TYPE);
                devices.add(new OpenClDevice(devices.size(), deviceString(id, CL_DEVICE_NAME).trim(),
                        (type & CL_DEVICE_TYPE_GPU) != 0, platformName, deviceString(id, CL_DEVICE_VERSION),
                        deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                        deviceLong(id, CL_DEVICE_LOCAL_MEM_SIZE), deviceSize(id, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                        (int) deviceInt(id, CL_DEVICE_MAX_COMPUTE_UNITS), platform, id));
            }
        }
        return devices;
    }

    static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(device, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(platform, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    static long deviceLong(cl_device_id device, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    static long deviceSize(cl_device_id device, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(device, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    static long deviceInt(cl_device_id device, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(device, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0] & 0xFFFFFFFFL;
    }

    static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
