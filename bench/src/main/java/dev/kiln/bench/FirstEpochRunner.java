package dev.kiln.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@link FirstEpoch} in a fresh JVM and times it from launch to exit. */
final class FirstEpochRunner {
    private static final Pattern ERROR = Pattern.compile("first-epoch error=(.*)");
    private static final Pattern LINE = Pattern.compile("first-epoch images=(\\d+) of=(\\d+) train_seconds=([0-9.]+)");

    private FirstEpochRunner() {
    }

    /**
     * @param seconds      launch to exit, or the extrapolation to a whole epoch when the child stopped at its cap
     * @param extrapolated whether the child stopped at its cap
     * @param error        why it failed, or null
     */
    record Result(double seconds, boolean extrapolated, String error) {
    }

    static Result run(String network, String key, int batch, double capSeconds) {
        ProcessBuilder pb = ChildJvm.builder(key, FirstEpoch.class.getName(), network, key, Integer.toString(batch),
                Double.toString(capSeconds));
        try {
            long t0 = System.nanoTime();
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(Double.NaN, false, "did not exit within 10 minutes");
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            Matcher m = LINE.matcher(out);
            Matcher error = ERROR.matcher(out);
            if (error.find()) {
                return new Result(Double.NaN, false, error.group(1).strip());
            }
            if (p.exitValue() != 0 || !m.find()) {
                return new Result(Double.NaN, false, "exit " + p.exitValue() + ": " + lastLines(out, 3));
            }
            int images = Integer.parseInt(m.group(1));
            int of = Integer.parseInt(m.group(2));
            double train = Double.parseDouble(m.group(3));
            if (images >= of) {
                return new Result(wall, false, null);
            }
            return new Result(wall + train * ((double) of / images - 1), true, null);
        } catch (IOException e) {
            return new Result(Double.NaN, false, "could not start a JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Double.NaN, false, "interrupted");
        }
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - n), lines.length));
    }
}
