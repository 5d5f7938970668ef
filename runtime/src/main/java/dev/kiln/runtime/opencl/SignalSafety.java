package dev.kiln.runtime.opencl;

import dev.kiln.runtime.KilnException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps OpenCL drivers from taking the JVM's signal handlers (see {@link DeviceProbe} for what goes
 * wrong). Loading a driver into this JVM is safe when the JVM chains signals ({@code libjsig.so},
 * preloaded with {@code LD_PRELOAD}, as the {@code kiln} launcher and the build's tests do: the JVM
 * keeps its handlers and passes on the signals that are not its own), or when no installed driver
 * is known to replace them. Otherwise opening OpenCL is refused with a message saying how to fix
 * it, unless the system property {@code kiln.opencl.unchainedSignals=allow} accepts the risk.
 */
public final class SignalSafety {
    /** ICD libraries known to replace the JVM's handlers: PoCL (and the LLVM it loads). */
    private static final List<String> HANDLER_REPLACING_DRIVERS = List.of("pocl");
    static final String ALLOW_PROPERTY = "kiln.opencl.unchainedSignals";

    private SignalSafety() {
    }

    /**
     * Whether this JVM runs with {@code libjsig} (signal chaining). Read once per JVM: chaining only
     * works when {@code libjsig} is preloaded at process start, so the answer cannot change later,
     * and {@link OpenClDevices#pick} asks on every backend open (re-reading {@code /proc/self/maps}
     * each time cost a few hundred KiB of garbage per open, which grew the heap and the resident
     * memory of a long create/close loop).
     */
    public static boolean chaining() {
        return Chaining.PRELOADED;
    }

    /** Lazily initialised holder: the maps are read on the first {@link #chaining()} call only. */
    private static final class Chaining {
        static final boolean PRELOADED = readMaps();

        private static boolean readMaps() {
            try {
                return Files.readString(Path.of("/proc/self/maps")).contains("libjsig");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }

    /** This JVM's {@code libjsig.so}, when the JDK has one. */
    public static Optional<Path> libjsig() {
        Path home = Path.of(System.getProperty("java.home"));
        for (Path p : List.of(home.resolve("lib/libjsig.so"), home.resolve("lib/server/libjsig.so"))) {
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The installed OpenCL drivers (ICD libraries) known to replace the JVM's signal handlers. */
    public static List<String> handlerReplacingDrivers() {
        List<String> found = new ArrayList<>();
        for (String library : icdLibraries()) {
            String lower = library.toLowerCase(Locale.ROOT);
            if (HANDLER_REPLACING_DRIVERS.stream().anyMatch(lower::contains)) {
                found.add(library);
            }
        }
        return found;
    }

    /**
     * The libraries the ICD loader will load: the files named by {@code OCL_ICD_FILENAMES}, then one
     * per {@code *.icd} file in {@code OCL_ICD_VENDORS} (a directory) or {@code /etc/OpenCL/vendors}.
     */
    static List<String> icdLibraries() {
        List<String> libraries = new ArrayList<>();
        String files = System.getenv("OCL_ICD_FILENAMES");
        if (files != null) {
            for (String f : files.split(":")) {
                if (!f.isBlank()) {
                    libraries.add(f.trim());
                }
            }
        }
        String vendors = System.getenv("OCL_ICD_VENDORS");
        Path dir = vendors != null && !vendors.isBlank() ? Path.of(vendors) : Path.of("/etc/OpenCL/vendors");
        if (Files.isRegularFile(dir)) {
            readIcd(dir, libraries);
        } else if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> icds = Files.newDirectoryStream(dir, "*.icd")) {
                for (Path icd : icds) {
                    readIcd(icd, libraries);
                }
            } catch (IOException e) {
                // unreadable: the loader cannot read it either
            }
        }
        return libraries;
    }

    private static void readIcd(Path icd, List<String> into) {
        try {
            String library = Files.readString(icd).trim();
            if (!library.isEmpty()) {
                into.add(library);
            }
        } catch (IOException e) {
            // skipped, as the loader skips it
        }
    }

    /** Null when loading OpenCL into this JVM is safe; otherwise why not, and how to make it safe. */
    public static String problem() {
        if (chaining() || "allow".equals(System.getProperty(ALLOW_PROPERTY))) {
            return null;
        }
        List<String> drivers = handlerReplacingDrivers();
        if (drivers.isEmpty()) {
            return null;
        }
        return "the installed OpenCL driver " + String.join(", ", drivers) + " replaces the JVM's signal handlers when it is "
                + "loaded, which can kill this JVM (status 139). Start the JVM with signal chaining: LD_PRELOAD="
                + libjsig().map(Path::toString).orElse("$JAVA_HOME/lib/libjsig.so")
                + " (the kiln launcher does), or set -D" + ALLOW_PROPERTY + "=allow to take the risk";
    }

    /** Throws when loading OpenCL into this JVM could crash it. */
    static void requireSafeToLoad() {
        String problem = problem();
        if (problem != null) {
            throw new KilnException("opencl: " + problem);
        }
    }
}
