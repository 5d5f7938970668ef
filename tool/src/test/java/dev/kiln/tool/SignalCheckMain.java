package dev.kiln.tool;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link CrashFreeRunsTest}: opens LeNet-5 on the backend named by its
 * argument, then reports on stdout which OpenCL driver libraries the JVM has mapped and whether a
 * hot loop's integer divisions by zero all still throw (a foreign SIGFPE handler would skip some).
 */
public final class SignalCheckMain {
    private SignalCheckMain() {
    }

    static int divide(int a, int b) {
        return a / b;
    }

    public static void main(String[] args) throws Exception {
        KilnModel model = Models.find("LeNet5");
        String opened;
        try (Backend backend = Backends.open(model, args[0], -1, OptimizerConfig.adam().build(), null)) {
            opened = backend.description();
        } catch (RuntimeException e) {
            opened = "refused: " + e.getMessage();
        }
        int thrown = 0;
        int divisions = 200_000;
        for (int i = 0; i < divisions; i++) {
            try {
                divide(i, i % 100 == 0 ? 0 : 1);
            } catch (ArithmeticException e) {
                thrown++;
            }
        }
        String maps = Files.readString(Path.of("/proc/self/maps"));
        System.out.println("backend: " + opened);
        System.out.println("pocl mapped: " + maps.contains("libpocl"));
        System.out.println("llvm mapped: " + maps.contains("libLLVM"));
        System.out.println("divisions by zero: " + divisions / 100 + ", thrown: " + thrown);
    }
}
