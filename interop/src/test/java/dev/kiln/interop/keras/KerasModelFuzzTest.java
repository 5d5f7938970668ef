package dev.kiln.interop.keras;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.kiln.interop.imports.SpecSource;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.io.ByteMutator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole Keras models damaged in their architecture (a field removed, its value replaced by another type
 * or number, a layer's class changed) and in their bytes: importing them ends in a KilnException naming
 * what it could not read (for the architecture, not the weights' file), never in another exception.
 */
class KerasModelFuzzTest {
    private static final int CASES = Integer.getInteger("kiln.fuzz.keras", 200);

    @Test
    void damagedModelsOnlyEverGiveKilnExceptions(@TempDir Path dir) throws Exception {
        byte[] zip = Files.readAllBytes(KerasWeightsTest.fixture("keras_cnn.keras"));
        Map<String, byte[]> parts = unzip(zip);
        JsonObject config = KerasModelFile.json(new String(parts.get("config.json"), StandardCharsets.UTF_8), "config");
        SplittableRandom random = new SplittableRandom(Long.getLong("kiln.fuzz.seed", 4242L));
        int refused = 0, imported = 0;
        for (int c = 0; c < CASES; c++) {
            StringBuilder log = new StringBuilder();
            byte[] bytes;
            if (c % 4 == 3) {
                bytes = ByteMutator.mutate(zip, random, log);
            } else {
                JsonObject mutant = config.deepCopy();
                for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
                    mutate(mutant, random, log);
                }
                Map<String, byte[]> changed = new LinkedHashMap<>(parts);
                changed.put("config.json", mutant.toString().getBytes(StandardCharsets.UTF_8));
                bytes = zip(changed);
            }
            Path file = Files.write(dir.resolve("mutant.keras"), bytes);
            try {
                SpecSource.draft("x.M", KerasModelImport.map(file), "mutant.keras");
                imported++;
            } catch (KilnException expected) {
                refused++;
                if (c % 4 != 3 && expected.getMessage().contains("HDF5")) {
                    fail("case " + c + " (" + log + "): a damaged architecture reported as " + expected.getMessage());
                }
            } catch (Throwable t) {
                fail("case " + c + " (" + log + ") threw " + t, t);
            }
        }
        System.out.printf("[kiln.fuzz.keras] %d damaged Keras models: %d refused with a KilnException, %d imported%n", CASES,
                refused, imported);
    }

    /** One change somewhere in the tree: a key removed, or a value replaced by null, a number, a string or an empty array. */
    private static void mutate(JsonElement root, SplittableRandom random, StringBuilder log) {
        List<JsonObject> objects = new ArrayList<>();
        collect(root, objects);
        JsonObject o = objects.get(random.nextInt(objects.size()));
        List<String> keys = new ArrayList<>(o.keySet());
        if (keys.isEmpty()) {
            return;
        }
        String key = keys.get(random.nextInt(keys.size()));
        JsonElement value = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> JsonNull.INSTANCE;
            case 2 -> new JsonPrimitive(random.nextInt(-3, 40));
            case 3 -> new JsonPrimitive("Conv2D");
            case 4 -> new JsonArray();
            default -> new JsonPrimitive(random.nextBoolean());
        };
        log.append(key).append("=").append(value).append("; ");
        if (value == null) {
            o.remove(key);
        } else {
            o.add(key, value);
        }
    }

    private static void collect(JsonElement e, List<JsonObject> out) {
        if (e.isJsonObject()) {
            out.add(e.getAsJsonObject());
            e.getAsJsonObject().entrySet().forEach(x -> collect(x.getValue(), out));
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collect(x, out));
        }
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                parts.put(e.getName(), in.readAllBytes());
            }
        }
        return parts;
    }

    private static byte[] zip(Map<String, byte[]> parts) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (var e : parts.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
