package dev.kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.spec.NetworkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    @Test
    void roundTripWithPyTorchNamesAndShapes() {
        NetworkSpec spec = TestNets.tiny();
        float[] params = TestNets.pattern(spec, 0);
        Path file = dir.resolve("sub/dir/tiny.safetensors");
        Checkpoints.save(file, spec, params, Map.of("epoch", "4"));
        assertArrayEquals(params, Checkpoints.load(file, spec));

        SafeTensors.Contents c = SafeTensors.read(file);
        assertEquals(List.of("c1.weight", "c1.bias", "out.weight", "out.bias"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new int[] {2, 1, 3, 3}, c.tensors().get("c1.weight").shape());
        assertArrayEquals(new int[] {3, 8}, c.tensors().get("out.weight").shape());
        // c1.bias follows the 18 weights in the flat array: pattern 0 is 1 + i/2.
        assertArrayEquals(new float[] {10f, 10.5f}, c.tensors().get("c1.bias").data());
        assertEquals("pt", c.metadata().get("format"));
        assertEquals("test.Tiny", c.metadata().get(Checkpoints.NETWORK_KEY));
        assertEquals("4", c.metadata().get("epoch"));
        assertFalse(Files.exists(AtomicFiles.temporaryFor(file)), "no temporary file left behind");
    }

    @Test
    void savingReplacesThePreviousFile() {
        NetworkSpec spec = TestNets.tiny();
        Path file = dir.resolve("t.safetensors");
        Checkpoints.save(file, spec, TestNets.pattern(spec, 0), Map.of());
        Checkpoints.save(file, spec, TestNets.pattern(spec, 1), Map.of());
        assertArrayEquals(TestNets.pattern(spec, 1), Checkpoints.load(file, spec));
    }

    @Test
    void aMismatchedShapeNamesTheTensorAndBothShapes() {
        Path file = dir.resolve("variant.safetensors");
        NetworkSpec variant = TestNets.tinyVariant();
        Checkpoints.save(file, variant, TestNets.pattern(variant, 0), Map.of());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(file, TestNets.tiny()));
        assertMentions(e, "does not fit Tiny, nothing was loaded", "c1.weight: expected shape (2, 1, 3, 3), found (2, 1, 2, 2)",
                "out.weight: expected shape (3, 8), found (3, 18)", "out.bias: missing (expected shape (3))");
    }

    @Test
    void anUnexpectedTensorIsNamed() {
        NetworkSpec spec = TestNets.tiny();
        Path file = dir.resolve("extra.safetensors");
        LinkedHashMap<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        float[] params = TestNets.pattern(spec, 0);
        spec.params().forEach(p -> tensors.put(p.name(), SafeTensors.Tensor.f32(p.shape(),
                java.util.Arrays.copyOfRange(params, p.offset(), p.offset() + p.size()))));
        tensors.put("c2.weight", SafeTensors.Tensor.f32(new int[] {1}, new float[] {1}));
        SafeTensors.write(file, tensors, Map.of());
        assertMentions(assertThrows(CheckpointException.class, () -> Checkpoints.load(file, spec)),
                "c2.weight: not a parameter of Tiny (shape (1))");
    }

    @Test
    void aRenamedTensorIsMissingAndUnexpected() throws Exception {
        NetworkSpec spec = TestNets.tiny();
        Path file = dir.resolve("renamed.safetensors");
        Checkpoints.save(file, spec, TestNets.pattern(spec, 0), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\"c1.bias\"", "\"c1.biaz\"");
        Files.write(file, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertMentions(assertThrows(CheckpointException.class, () -> Checkpoints.load(file, spec)),
                "c1.bias: missing", "c1.biaz: not a parameter of Tiny");
    }

    @Test
    void wrongArrayLengthOnSave() {
        NetworkSpec spec = TestNets.tiny();
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoints.save(dir.resolve("x"), spec, new float[spec.parameterCount() + 1], Map.of()));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void aFailedSaveLeavesThePreviousFile() throws Exception {
        NetworkSpec spec = TestNets.tiny();
        Path file = dir.resolve("keep.safetensors");
        Checkpoints.save(file, spec, TestNets.pattern(spec, 0), Map.of());
        // A directory where the temporary file must go makes the save fail before the rename.
        Files.createDirectory(AtomicFiles.temporaryFor(file));
        Files.writeString(AtomicFiles.temporaryFor(file).resolve("occupied"), "x");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.save(file, spec, TestNets.pattern(spec, 1), Map.of()));
        assertMentions(e, "cannot save", "previous file, if any, is unchanged");
        assertArrayEquals(TestNets.pattern(spec, 0), Checkpoints.load(file, spec));
    }
}
