package dev.kiln.tool;

import dev.kiln.runtime.opencl.OpenClDevice;
import dev.kiln.runtime.opencl.OpenClDevices;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code kiln devices}: the OpenCL devices, numbered as {@code --device} takes them. */
@Command(name = "devices", description = "list the OpenCL devices --device can choose")
final class DevicesVerb extends Verb {
    @Override
    int run(Session session) {
        List<OpenClDevice> devices = OpenClDevices.list();
        if (devices.isEmpty()) {
            String problem = OpenClDevices.problem();
            session.out.println("no OpenCL device found: " + (problem != null ? problem + "; " : "")
                    + "install an OpenCL runtime (e.g. apt-get install pocl-opencl-icd) or use --backend java");
            return 0;
        }
        for (OpenClDevice d : devices) {
            session.out.printf(Locale.ROOT, "%d: %s (%s) on %s, %s, %d compute units, %,d MiB%n", d.index(), d.name(),
                    d.isGpu() ? "GPU" : "CPU", d.platform(), d.version(), d.computeUnits(),
                    d.globalMemoryBytes() / (1024 * 1024));
        }
        return 0;
    }
}
