package dev.kiln.runtime.viz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a page in Debian's {@code chromium} in headless mode and returns the screenshot file,
 * or null when there is no chromium on this machine.
 */
public final class HeadlessChromium {
    private HeadlessChromium() {
    }

    public static Path binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    public static Path screenshot(Path html, Path workDir) throws IOException, InterruptedException {
        Path chromium = binary();
        if (chromium == null) {
            return null;
        }
        Path png = workDir.resolve("screenshot.png");
        Path profile = Files.createDirectories(workDir.resolve("profile"));
        ProcessBuilder pb = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=1200,2000",
                html.toUri().toString());
        pb.redirectErrorStream(true).redirectOutput(workDir.resolve("chromium.log").toFile());
        pb.environment().remove("LD_PRELOAD"); // the test JVM's libjsig is for the JVM, not for the browser
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 120 s; see " + workDir.resolve("chromium.log"));
        }
        if (!Files.exists(png)) {
            throw new IllegalStateException("chromium exited with " + p.exitValue() + " and wrote no screenshot: "
                    + Files.readString(workDir.resolve("chromium.log")));
        }
        return png;
    }
}
