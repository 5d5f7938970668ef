package dev.kiln.interop.keras;

import dev.kiln.interop.InteropException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The layers of a Keras HDF5 weights file that hold weights, in the model's order, read with jHDF
 * (pure Java). Two layouts:
 * <ul>
 *   <li>Keras 2 ({@code model.save("x.h5")} or {@code save_weights("x.h5")}): attribute
 *       {@code layer_names} on the root or on {@code model_weights} gives the order; each layer's
 *       group has attribute {@code weight_names} ({@code conv2d/kernel:0}, ...) naming its datasets.</li>
 *   <li>Keras 3 ({@code save_weights("x.weights.h5")}): {@code layers/CLASS_N/vars/0, 1, ...} (kernel,
 *       bias; gamma, beta, moving mean, moving variance), the group named after the layer's class and
 *       numbered per class in the model's order ({@code conv2d}, {@code conv2d_1}, ...), the layer's own name
 *       in the attribute {@code name} of {@code vars} (recent Keras 3). The order across classes is not
 *       recorded: layers come sorted by class, then number.</li>
 * </ul>
 * Values are read only through {@link Weight#read}, after the caller has checked the shape.
 */
public final class KerasWeightsFile {
    /** One weight: its role (kernel, bias, gamma...), shape as stored, and the dataset it comes from. */
    public record Weight(String role, int[] shape, Dataset dataset) {
        /** The values, row-major, as float; only after the shape has been checked against the network. */
        public float[] read(String where) {
            try {
                Class<?> type = dataset.getJavaType();
                Object flat = dataset.getDataFlat();
                if (flat instanceof float[] f) {
                    return f;
                }
                if (flat instanceof double[] d) {
                    float[] out = new float[d.length];
                    for (int i = 0; i < d.length; i++) {
                        out[i] = (float) d[i];
                    }
                    return out;
                }
                throw new InteropException(where + ": dataset " + dataset.getPath() + " holds " + type.getSimpleName()
                        + " values; Keras weights are float32 or float64");
            } catch (InteropException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InteropException(where + ": dataset " + dataset.getPath() + " cannot be read: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A Keras layer with weights. {@code group} is Keras 3's name for it in the file, its class numbered in
     * the model's order ({@code conv2d_1}; null in Keras 2's layout); {@code named} is false where the file
     * does not record the layer's own name (Keras 3 before its {@code vars} name attribute), and
     * {@code name} is then the group's.
     */
    public record Layer(String name, List<Weight> weights, boolean named, String group) {
        public Layer(String name, List<Weight> weights) {
            this(name, weights, true, null);
        }

        /** Keras 3's class part of the group name, {@code conv2d} for {@code conv2d_1}; null in Keras 2's layout. */
        public String kerasClass() {
            return group == null ? null : group.replaceAll("_\\d+$", "");
        }

        /** Keras 3's number of the layer among those of its class: 0 for {@code conv2d}, 1 for {@code conv2d_1}. */
        int index() {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("_(\\d+)$").matcher(group);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
    }

    private KerasWeightsFile() {
    }

    /** The layers with weights, in model order; a file that is not Keras HDF5 is refused with what was missing. */
    public static <T> T read(Path file, java.util.function.Function<List<Layer>, T> use) {
        return open(bytes(file), file.toString(), h5 -> use.apply(layers(h5, file.toString())));
    }

    /**
     * Opens HDF5 {@code bytes} ({@code what} names them) for {@code use}, which may read datasets until it
     * returns; anything unreadable becomes an {@link InteropException}.
     */
    static <T> T open(byte[] bytes, String what, java.util.function.Function<HdfFile, T> use) {
        try (HdfFile h5 = HdfFile.fromBytes(bytes)) {
            return use.apply(h5);
        } catch (InteropException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InteropException(what + " is not a readable HDF5 file (damaged or truncated): " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new InteropException(what + " is not a readable HDF5 file: its structure nests without end");
        }
    }

    static List<Layer> layers(HdfFile h5, String file) {
        Node layersGroup = child(h5, "layers");
        if (layersGroup instanceof Group g && h5.getAttribute("layer_names") == null) {
            return keras3(g, file);
        }
        Group root = h5;
        Node modelWeights = child(h5, "model_weights");
        if (modelWeights instanceof Group mw) {
            root = mw;
        }
        Attribute names = root.getAttribute("layer_names");
        if (names == null) {
            throw new InteropException(file + " is HDF5 but not a Keras weights file: it has neither a 'layer_names' "
                    + "attribute (Keras 2) nor a 'layers' group (Keras 3)");
        }
        List<Layer> out = new ArrayList<>();
        for (String name : strings(names, file + ": layer_names")) {
            Node n = child(root, name);
            if (!(n instanceof Group g)) {
                throw new InteropException(file + ": layer_names lists " + name + " but the file has no such group");
            }
            Attribute wn = g.getAttribute("weight_names");
            List<String> weightNames = wn == null ? List.of() : strings(wn, file + ": " + name + "/weight_names");
            List<Weight> weights = new ArrayList<>();
            for (String w : weightNames) {
                Node d = path(g, w);
                if (!(d instanceof Dataset ds)) {
                    throw new InteropException(file + ": layer " + name + " lists weight " + w + " but the file has no such dataset");
                }
                weights.add(new Weight(role(w), ds.getDimensions(), ds));
            }
            if (!weights.isEmpty()) {
                out.add(new Layer(name, weights));
            }
        }
        return out;
    }

    private static List<Layer> keras3(Group layers, String file) {
        List<Node> groups = new ArrayList<>(layers.getChildren().values());
        List<Layer> out = new ArrayList<>();
        for (Node n : groups) {
            if (!(n instanceof Group g)) {
                continue;
            }
            Node vars = child(g, "vars");
            if (!(vars instanceof Group v)) {
                continue;
            }
            Map<String, Node> children = v.getChildren();
            List<Weight> weights = new ArrayList<>();
            for (int i = 0; children.containsKey(String.valueOf(i)); i++) {
                if (!(children.get(String.valueOf(i)) instanceof Dataset ds)) {
                    throw new InteropException(file + ": " + g.getPath() + "vars/" + i + " is not a dataset");
                }
                weights.add(new Weight(String.valueOf(i), ds.getDimensions(), ds));
            }
            if (weights.size() != children.size()) {
                throw new InteropException(file + ": " + g.getPath() + "vars holds " + children.keySet()
                        + "; Keras 3 numbers a layer's weights 0, 1, ...");
            }
            if (!weights.isEmpty()) {
                // Keras 3.x writes the layer's own name on vars; the group is named after the layer's class
                Attribute own = v.getAttribute("name");
                Object name = own == null ? null : own.getData();
                out.add(name instanceof String s && !s.isEmpty() ? new Layer(s, weights, true, n.getName())
                        : new Layer(n.getName(), weights, false, n.getName()));
            }
        }
        out.sort(Comparator.comparing(Layer::kerasClass).thenComparingInt(Layer::index));
        return out;
    }

    /**
     * The whole file in memory: jHDF reading from a byte array slices it for every block a header
     * claims, so a claimed size beyond the file fails instead of allocating it (reading from a
     * file channel, jHDF allocates a buffer of whatever size a damaged header says).
     */
    static byte[] bytes(Path file) {
        try {
            long size = java.nio.file.Files.size(file);
            if (size >= Integer.MAX_VALUE - 8) {
                throw new InteropException(file + " is " + size + " bytes; Kiln reads Keras weight files under 2 GiB");
            }
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new InteropException("cannot read " + file + ": " + e, e);
        }
    }

    /** "conv2d/kernel:0" -> "kernel". */
    private static String role(String weightName) {
        String s = weightName.substring(weightName.lastIndexOf('/') + 1);
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }

    private static Node child(Group g, String name) {
        return g.getChildren().get(name);
    }

    private static Node path(Group g, String path) {
        Node n = g;
        for (String part : path.split("/")) {
            if (!(n instanceof Group group) || part.isEmpty()) {
                return null;
            }
            n = group.getChildren().get(part);
        }
        return n;
    }

    private static List<String> strings(Attribute a, String where) {
        Object data = a.getData();
        List<String> out = new ArrayList<>();
        if (data == null || data.getClass().isArray() && java.lang.reflect.Array.getLength(data) == 0) {
            return out; // Keras 2 writes an empty weight_names for layers without weights
        }
        if (data instanceof String s) {
            out.add(s);
        } else if (data instanceof String[] arr) {
            out.addAll(List.of(arr));
        } else if (data instanceof byte[] bytes) {
            out.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } else {
            throw new InteropException(where + " is not a list of strings");
        }
        return out;
    }
}
