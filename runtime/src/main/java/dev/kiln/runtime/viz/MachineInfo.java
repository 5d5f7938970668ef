package dev.kiln.runtime.viz;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a report says about where it ran: operating system, cores, memory and the Java runtime. */
public final class MachineInfo {
    private MachineInfo() {
    }

    /** Ordered label/value pairs, e.g. {@code cores -> 16}. */
    public static Map<String, String> describe() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("host OS", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " (" + System.getProperty("os.arch") + ")");
        info.put("CPU cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        info.put("Java heap (max)", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        info.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return info;
    }
}
