package dev.kiln.runtime.opencl;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jocl.CL;

/**
 * Lists the OpenCL devices in a child JVM, so that asking "is there a GPU?" never loads an
 * OpenCL driver into this one.
 *
 * <p>Why: the ICD loader loads every installed driver on the first {@code clGetPlatformIDs}, and
 * PoCL (the CPU driver) brings LLVM, which installs its own handlers for SIGSEGV, SIGBUS and SIGILL
 * (with {@code SA_RESETHAND}), while PoCL installs a SIGFPE handler that skips any faulting integer
 * division. The JVM relies on SIGSEGV for safepoint polls and implicit null checks and on SIGFPE
 * for implicit division-by-zero checks: with the foreign handlers in place, the first fault resets
 * SIGSEGV to its default action, and a second thread faulting at the same moment (all threads reach a
 * safepoint poll together) kills the process with status 139 and no {@code hs_err} file, while a
 * division by zero in Java code may silently yield a value instead of throwing. The child pays
 * that risk for a few hundred milliseconds and prints what it found; see {@link SignalSafety} for
 * when a driver really must be loaded here.
 */
final class DeviceProbe {
    static final String HEADER = "kiln-opencl-devices 1";
    private static final long TIMEOUT_SECONDS = 120;

    private DeviceProbe() {
    }

    /** The child's entry point: prints {@link #HEADER}, then one tab-separated line per device. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        List<OpenClDevice> devices;
        try {
            devices = OpenClDevices.enumerateHere();
        } catch (Throwable e) {
            out.println(HEADER);
            out.println("error\t" + clean(String.valueOf(e.getMessage())));
            out.flush();
            System.exit(0);
            return;
        }
        out.println(HEADER);
        for (OpenClDevice d : devices) {
            out.println(String.join("\t", "device", clean(d.name()), Boolean.toString(d.isGpu()), clean(d.platform()),
                    clean(d.version()), Long.toString(d.globalMemoryBytes()), Long.toString(d.maxAllocationBytes()),
                    Long.toString(d.localMemoryBytes()), Long.toString(d.maxWorkGroupSize()),
                    Integer.toString(d.computeUnits())));
        }
        out.flush();
        System.exit(0);
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** What the child found. {@code problem} is null when it ran and answered. */
    record Result(List<OpenClDevice> devices, String problem) {
    }

    /** Runs the child and reads its answer; never throws. */
    static Result run() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-Djava.awt.headless=true", "-cp", classPath(), DeviceProbe.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        SignalSafety.libjsig().ifPresent(jsig -> builder.environment().put("LD_PRELOAD", jsig.toString()));
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            return new Result(List.of(), "the OpenCL device probe could not start: " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
            if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                return new Result(List.of(), "the OpenCL device probe did not answer within " + TIMEOUT_SECONDS + " s");
            }
        } catch (IOException e) {
            child.destroyForcibly();
            return new Result(List.of(), "the OpenCL device probe failed: " + e.getMessage());
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(List.of(), "interrupted while probing OpenCL devices");
        }
        return parse(lines, child.exitValue());
    }

    static Result parse(List<String> lines, int status) {
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            return new Result(List.of(), "the OpenCL device probe ended with status " + status + " and no answer"
                    + (status > 128 ? " (killed by signal " + (status - 128) + ": the OpenCL driver crashed)" : ""));
        }
        List<OpenClDevice> devices = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f[0].equals("error")) {
                return new Result(List.of(), "no OpenCL platform could be opened (" + (f.length > 1 ? f[1] : "") + ")");
            }
            if (f[0].equals("device") && f.length == 10) {
                devices.add(new OpenClDevice(devices.size(), f[1], Boolean.parseBoolean(f[2]), f[3], f[4], Long.parseLong(f[5]),
                        Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Integer.parseInt(f[9]), null, null));
            }
        }
        return new Result(List.copyOf(devices), null);
    }

    /** The runtime's classes and JOCL: all the child needs. */
    private static String classPath() {
        Set<String> parts = new LinkedHashSet<>();
        for (Class<?> c : List.of(DeviceProbe.class, CL.class)) {
            try {
                parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | RuntimeException e) {
                parts.add(System.getProperty("java.class.path"));
            }
        }
        for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!p.isBlank() && Files.exists(Path.of(p)) && p.contains("jocl")) {
                parts.add(p);
            }
        }
        return String.join(File.pathSeparator, parts);
    }
}
