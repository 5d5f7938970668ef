package dev.kiln.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The parent's handle on a {@link ContestantServer}: started once per network and contestant, asked for measurements in turn. */
final class ContestantProcess implements AutoCloseable {
    private final String key;
    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;
    private String description;

    /** Starts the child; {@link #awaitReady()} waits for it. Its standard error goes to {@code log}. */
    ContestantProcess(String network, String key, Path log) throws IOException {
        this.key = key;
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = ChildJvm.builder(key, ContestantServer.class.getName(), network, key);
        pb.redirectError(ProcessBuilder.Redirect.to(new File(log.toString())));
        this.process = pb.start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    String key() {
        return key;
    }

    /** The contestant's description once it is ready; throws with the child's reason otherwise. */
    String awaitReady() throws IOException {
        String[] f = reply("ready");
        description = f[1];
        return description;
    }

    /** One measurement, training or inference, at {@code batch} images a step. */
    Throughput.Result measure(boolean training, int batch, Throughput.Plan plan) throws IOException {
        in.println(String.format(Locale.ROOT, "%s %d %s %s %s %s %s", training ? "train" : "infer", batch, plan.warmupSeconds(),
                plan.windowSeconds(), plan.chunkSeconds(), plan.maxOthersCores(), plan.patience()));
        String[] f = reply("result");
        return new Throughput.Result(Double.parseDouble(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]),
                Integer.parseInt(f[4]), Integer.parseInt(f[5]), Double.parseDouble(f[6]));
    }

    private String[] reply(String expected) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (!line.startsWith(ContestantServer.TAG)) {
                continue;
            }
            String[] f = line.substring(ContestantServer.TAG.length()).split("\t", -1);
            if (f[0].equals(expected)) {
                return f;
            }
            if (f[0].equals("error")) {
                throw new IllegalStateException(f.length > 1 ? f[1] : "unknown error");
            }
        }
        int status = waitQuietly(5);
        throw new IllegalStateException("the " + key + " JVM ended" + (status >= 0 ? " with exit status " + status : ""));
    }

    private int waitQuietly(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            in.println("quit");
            if (waitQuietly(10) < 0 && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
