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
 * Java backend, which is several times faster than an OpenCL runtime on the same CPU (the README's
 * benchmark: LeNet-5 trains at 1,068 images/s on PoCL against 7,382 in Java, 7 to 13 times slower
 * per layer); it says which it chose and why. Deciding lists the devices in a child JVM, so no
 * OpenCL driver is loaded here unless OpenCL is used (see {@link SignalSafety}). The string form
 * takes its choice, when null, from the system property {@code kiln.backend} or the environment
 * variable {@code KILN_BACKEND} ({@link BackendChoice#fromEnvironment()}), and its device, when -1,
 * from {@code kiln.device} / {@code KILN_DEVICE}.
 */
public final class Backends {
    private Backends() {
    }

    /**
     * Opens {@code model} on {@code choice}, with Adam until a {@link dev.kiln.runtime.train.Trainer}
     * sets its {@link dev.kiln.runtime.train.TrainConfig#optimizer() configured optimiser}; OpenCL on
     * the best device. Says nothing; use {@link #open(KilnModel, BackendChoice, PrintStream)} to hear
     * what {@code AUTO} chose and why.
     */
    public static Backend open(KilnModel model, BackendChoice choice) {
        return open(model, choice, null);
    }

    /** As {@link #open(KilnModel, BackendChoice)}, printing one line to {@code log} about what was chosen and why. */
    public static Backend open(KilnModel model, BackendChoice choice, PrintStream log) {
        return open(model, choice.toString(), -1, OptimizerConfig.adam().build(), log);
    }

    /** Opens {@code model} on OpenCL device {@code device}, numbered as {@link OpenClDevices#list()} lists them. */
    public static Backend openOpenCl(KilnModel model, int device) {
        if (device < 0) {
            throw new IllegalArgumentException("an OpenCL device index is 0 or more, not " + device
                    + "; use open(model, BackendChoice.OPENCL) for the best device");
        }
        return open(model, "opencl", device, OptimizerConfig.adam().build(), null);
    }

    /**
     * The form the command line uses: the choice by name and a device index.
     *
     * @param model  the generated model
     * @param choice {@code java}, {@code opencl} or {@code auto}; null means the property, the
     *               environment variable, or {@code auto}
     * @param device OpenCL device index as {@code kiln devices} lists them, or -1 for the best one
     * @param log    where {@code auto} says what it chose; may be null
     */
    public static Backend open(KilnModel model, String choice, int device, OptimizerConfig optimizer, PrintStream log) {
        String c = choice != null ? choice : BackendChoice.fromEnvironment().toString();
        if (device < 0) {
            String d = System.getProperty("kiln.device", System.getenv("KILN_DEVICE"));
            if (d != null && !d.isBlank()) {
                try {
                    device = Integer.parseInt(d.trim());
                } catch (NumberFormatException e) {
                    throw new KilnException("KILN_DEVICE (or kiln.device) must be an OpenCL device index, not '" + d + "'");
                }
            }
        }
        switch (c.toLowerCase(Locale.ROOT)) {
            case "java":
                return new JavaBackend(model, optimizer);
            case "opencl":
                announceBuild(model, log);
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
                    announceBuild(model, log);
                    Backend b = OpenClBackend.open(model.spec(), model.openCl(), device, optimizer);
                    if (log != null) {
                        log.println("backend: " + b.description() + (gpu ? " (auto: an OpenCL GPU is present" : " (auto: device "
                                + device + " was asked for") + ")");
                    }
                    return b;
                }
                Backend b = new JavaBackend(model, optimizer);
                if (log != null) {
                    log.println("backend: " + b.description() + (devices.isEmpty() ? " (auto: no OpenCL platform found)"
                            : " (auto: the only OpenCL devices are CPUs, where the generated Java code is faster)"));
                }
                return b;
            }
            default:
                throw new KilnException("unknown backend '" + c + "': use java, opencl or auto");
        }
    }

    /** Building a large network's OpenCL program can take minutes: say so before the silence. */
    private static void announceBuild(KilnModel model, PrintStream log) {
        if (log != null) {
            log.println("opencl: building " + model.spec().simpleName() + "'s program (" + model.openCl().source().lines().count()
                    + " lines of OpenCL; large networks take minutes on PoCL, later runs use the driver's cache)...");
            log.flush();
        }
    }
}
