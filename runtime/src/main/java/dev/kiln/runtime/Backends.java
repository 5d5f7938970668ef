package dev.kiln.runtime;

import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.opencl.OpenClDevice;
import dev.kiln.runtime.opencl.OpenClDevices;
import dev.kiln.runtime.opencl.SignalSafety;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Chooses and opens a backend: {@code java} (always works), {@code opencl} (a device through
 * JOCL) or {@code auto}: OpenCL when a GPU (or an explicitly asked-for device) is there, else the
 * Java backend, which is several times faster than an OpenCL runtime on the same CPU (PoCL: LeNet-5
 * trains at about 560 images/s there against thousands in Java); it says which it chose and why.
 * The choice may also come from the system property {@code kiln.backend} or the environment
 * variable {@code KILN_BACKEND}, and the device from {@code kiln.device} / {@code KILN_DEVICE}.
 */
public final class Backends {
    private Backends() {
    }

    /**
     * @param model  the generated model
     * @param choice {@code java}, {@code opencl} or {@code auto}; null means the property, the
     *               environment variable, or {@code auto}
     * @param device OpenCL device index as {@code kiln devices} lists them, or -1 for the best one
     * @param log    where {@code auto} says what it chose; may be null
     */
    public static Backend open(KilnModel model, String choice, int device, OptimizerConfig optimizer, PrintStream log) {
        String c = choice != null ? choice : System.getProperty("kiln.backend", System.getenv().getOrDefault("KILN_BACKEND", "auto"));
        if (device < 0) {
            String d = System.getProperty("kiln.device", System.getenv("KILN_DEVICE"));
            if (d != null && !d.isBlank()) {
                device = Integer.parseInt(d.trim());
            }
        }
        switch (c.toLowerCase(Locale.ROOT)) {
            case "java":
                return new JavaBackend(model, optimizer);
            case "opencl":
                return OpenClBackend.open(model.spec(), model.openCl(), device, optimizer);
            case "auto": {
                // listed by a child JVM: deciding loads no OpenCL driver into this one
                List<OpenClDevice> devices = OpenClDevices.list();
                boolean gpu = devices.stream().anyMatch(OpenClDevice::isGpu);
                String unsafe = devices.isEmpty() ? null : SignalSafety.problem();
                if (unsafe != null && (gpu || device >= 0)) {
                    Backend b = new JavaBackend(model, optimizer);
                    if (log != null) {
                        log.println("backend: " + b.description() + " (auto: not OpenCL, because " + unsafe + ")");
                    }
                    return b;
                }
                if (gpu || (device >= 0 && !devices.isEmpty())) {
                    Backend b = OpenClBackend.open(model.spec(), model.openCl(), device, optimizer);
                    if (log != null) {
                        log.println("backend: " + b.description() + (gpu ? " (auto: an OpenCL GPU is present" : " (auto: device "
                                + device + " was asked for") + "; --backend java for the CPU code)");
                    }
                    return b;
                }
                Backend b = new JavaBackend(model, optimizer);
                if (log != null) {
                    log.println("backend: " + b.description() + (devices.isEmpty() ? " (auto: no OpenCL platform found)"
                            : " (auto: the only OpenCL devices are CPUs, where the generated Java code is faster;"
                            + " --backend opencl to use them)"));
                }
                return b;
            }
            default:
                throw new KilnException("unknown backend '" + c + "': use java, opencl or auto");
        }
    }
}
