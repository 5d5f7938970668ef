package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.io.SafeTensors;
import dev.kiln.runtime.Required;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 27 item 5: {@code kiln train FashionResNet} killed with SIGKILL in the middle of its run (no
 * chance to save anything: the last state is the one written after the last finished epoch), then
 * resumed, ends with the bits of the run that was never interrupted: the parameters, SGD's momentum
 * (the optimiser state), batch norm's running statistics, the best checkpoint and the history with its
 * per-step cosine learning rates. On the Java backend in the default suite; on OpenCL (PoCL) in the
 * {@code long} run, where building FashionResNet's program and running it on a CPU take minutes.
 */
class KilledRunResumeTest {
    @TempDir
    Path dir;

    @Test
    void javaRunKilledAndResumedIsTheUninterruptedRun() throws Exception {
        killAndResume("java");
    }

    @Tag("long")
    @Test
    void openClRunKilledAndResumedIsTheUninterruptedRun() throws Exception {
        Required.openCl();
        killAndResume("opencl");
    }

    private void killAndResume(String backend) throws Exception {
        Required.fashionMnist();
        // 288 training images (32 held out for validation) in steps of 16, 8 steps per epoch, 3 epochs: the
        // residual recipe (SGD, Nesterov momentum, weight decay, cosine rate per step) on batch norm
        Path data = SmallFashionMnist.write(Files.createDirectories(dir.resolve("data")), 320, 32);
        List<String> args = List.of("train", "FashionResNet", "--backend", backend, "--data", data.toString(), "--epochs", "3",
                "--max-steps", "8", "--batch", "16", "--seed", "3");
        Path whole = dir.resolve("whole");
        Path killed = dir.resolve("killed");

        FreshJvm uninterrupted = FreshJvm.kiln(Map.of(), with(args, "--out", whole.toString()));
        assertEquals(0, uninterrupted.status(), uninterrupted.toString());

        List<String> command = new ArrayList<>(List.of(FreshJvm.ROOT.resolve("kiln").toString()));
        command.addAll(List.of(with(args, "--out", killed.toString())));
        ProcessBuilder builder = new ProcessBuilder(command).directory(FreshJvm.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("KILN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().remove("LD_PRELOAD");
        Process p = builder.start();
        StringBuilder text = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                text.append(line).append('\n');
                if (line.startsWith("epoch 1/3:")) {
                    // epoch 1's state is saved before this line; the run is now in epoch 2
                    p.destroyForcibly(); // SIGKILL: nothing more is written (and the pipe closes)
                    break;
                }
            }
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(137, p.exitValue(), "killed by SIGKILL, not finished: " + text);
        assertFalse(text.toString().contains("test accuracy"), text.toString());
        assertTrue(Files.isRegularFile(killed.resolve("training-state.safetensors")), text.toString());

        FreshJvm resumed = FreshJvm.kiln(Map.of(), with(args, "--out", killed.toString(), "--resume"));
        assertEquals(0, resumed.status(), resumed.toString());

        Map<String, SafeTensors.Tensor> expected = SafeTensors.read(whole.resolve("training-state.safetensors")).tensors();
        Map<String, SafeTensors.Tensor> actual = SafeTensors.read(killed.resolve("training-state.safetensors")).tensors();
        for (String tensor : List.of("params", "best", "optimizer.first", "running_state")) {
            assertTrue(expected.containsKey(tensor), tensor + " is saved");
            assertArrayEquals(expected.get(tensor).data(), actual.get(tensor).data(), tensor + ", bit for bit");
        }
        assertArrayEquals(Files.readAllBytes(whole.resolve("best.safetensors")), Files.readAllBytes(killed.resolve("best.safetensors")),
                "the best checkpoint, running statistics included");
        // losses, accuracies and the cosine rate of every epoch (the timings differ)
        assertEquals(OutputsTest.lossColumns(whole.resolve("history.csv")), OutputsTest.lossColumns(killed.resolve("history.csv")));
        assertEquals(uninterrupted.out().lines().filter(l -> l.startsWith("test ")).toList(),
                resumed.out().lines().filter(l -> l.startsWith("test ")).toList());
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
