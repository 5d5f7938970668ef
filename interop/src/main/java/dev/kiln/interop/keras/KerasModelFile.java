package dev.kiln.interop.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import dev.kiln.interop.InteropException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A whole Keras model, architecture and weights, as Keras writes it:
 * <ul>
 *   <li>{@code .keras} (Keras 3's {@code model.save("m.keras")}): a zip of {@code config.json},
 *       {@code metadata.json} and {@code model.weights.h5} (Keras 3's weights layout);</li>
 *   <li>{@code .h5} ({@code model.save("m.h5")}, Keras 2's format, which Keras 3 still writes): HDF5 with
 *       the architecture as JSON in the root attribute {@code model_config} and the weights under
 *       {@code model_weights} (Keras 2's layout).</li>
 * </ul>
 * The weights are read through {@link KerasWeightsFile}; a Keras 3 file that does not record its layers'
 * names has them numbered per class in the model's order, as Keras 3 saves them, which the
 * architecture's layer list reproduces.
 */
final class KerasModelFile {
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    /** The parts of a .keras zip are read into memory; larger ones are not a CNN Kiln can run. */
    private static final long MAX_PART = Integer.MAX_VALUE - 8;
    private static final long MAX_CONFIG = 64L << 20;

    /** The model: its architecture (the JSON object with class_name and config), Keras' version, and the weights by layer name. */
    record Model(JsonObject architecture, String kerasVersion, String format, Map<String, KerasWeightsFile.Layer> weights) {}

    private KerasModelFile() {
    }

    /** Whether {@code bytes} start as a zip file (a .keras model). */
    static boolean isZip(byte[] head) {
        return head.length >= 4 && head[0] == ZIP[0] && head[1] == ZIP[1] && head[2] == ZIP[2] && head[3] == ZIP[3];
    }

    /** Reads {@code file} (.keras or .h5) and gives it to {@code use} while its weights can be read. */
    static <T> T read(Path file, Function<Model, T> use) {
        byte[] bytes = KerasWeightsFile.bytes(file);
        String what = file.toString();
        if (isZip(bytes)) {
            return keras3(bytes, what, use);
        }
        return KerasWeightsFile.open(bytes, what, h5 -> {
            Attribute config = h5.getAttribute("model_config");
            if (config == null) {
                throw new InteropException(what + " holds weights but no architecture (no model_config attribute): it was "
                        + "saved with save_weights. Import the whole model (model.save(\"m.h5\") or \"m.keras\"), or write the "
                        + "spec by hand and pass this file as --weights");
            }
            JsonObject architecture = json(string(config.getData(), what + ": model_config"), what + ": model_config");
            Attribute version = h5.getAttribute("keras_version");
            String keras = version == null ? "?" : string(version.getData(), what + ": keras_version");
            return use.apply(new Model(architecture, keras, "Keras " + keras + " (.h5)", byName(h5, what)));
        });
    }

    private static <T> T keras3(byte[] zip, String what, Function<Model, T> use) {
        Map<String, byte[]> parts = unzip(zip, what);
        byte[] config = parts.get("config.json");
        byte[] weights = parts.get("model.weights.h5");
        if (config == null || weights == null) {
            throw new InteropException(what + " is a zip file but not a Keras model: it lacks "
                    + (config == null ? "config.json" : "model.weights.h5") + " (Keras 3 saves both in a .keras file)");
        }
        JsonObject architecture = json(new String(config, StandardCharsets.UTF_8), what + ": config.json");
        String keras = "3";
        byte[] metadata = parts.get("metadata.json");
        if (metadata != null) {
            JsonObject m = json(new String(metadata, StandardCharsets.UTF_8), what + ": metadata.json");
            if (m.has("keras_version") && m.get("keras_version").isJsonPrimitive()) {
                keras = m.get("keras_version").getAsString();
            }
        }
        String version = keras;
        return KerasWeightsFile.open(weights, what + " (model.weights.h5)", h5 ->
                use.apply(new Model(architecture, version, "Keras " + version + " (.keras)", byName(h5, what))));
    }

    private static Map<String, KerasWeightsFile.Layer> byName(HdfFile h5, String what) {
        Map<String, KerasWeightsFile.Layer> out = new HashMap<>();
        for (KerasWeightsFile.Layer l : KerasWeightsFile.layers(h5, what)) {
            out.put(l.name(), l);
        }
        return out;
    }

    private static Map<String, byte[]> unzip(byte[] zip, String what) {
        Map<String, byte[]> parts = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = e.getName();
                if (!List.of("config.json", "metadata.json", "model.weights.h5").contains(name)) {
                    continue;
                }
                long limit = name.endsWith(".json") ? MAX_CONFIG : MAX_PART;
                parts.put(name, readBounded(in, limit, what + ": " + name));
            }
        } catch (IOException e) {
            throw new InteropException(what + " is not a readable .keras file (damaged zip): " + e.getMessage(), e);
        }
        return parts;
    }

    /** At most {@code limit} bytes, whatever the zip entry claims. */
    private static byte[] readBounded(InputStream in, long limit, String what) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            total += n;
            if (total > limit) {
                throw new InteropException(what + " is larger than " + limit + " bytes; Kiln does not read it");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static String string(Object data, String what) {
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (data instanceof String[] a && a.length == 1) {
            return a[0];
        }
        throw new InteropException(what + " is not a string");
    }

    /** Keras writes JSON with NaN and Infinity in places (Python's json); those are read leniently. */
    static JsonObject json(String text, String what) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.LENIENT);
            JsonElement e = JsonParser.parseReader(reader);
            if (!e.isJsonObject()) {
                throw new InteropException(what + " is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new InteropException(what + " is not readable JSON: " + e.getMessage(), e);
        }
    }
}
