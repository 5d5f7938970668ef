package dev.kiln.runtime.io;

import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network's weights as a safetensors file: one F32 tensor per {@link ParamSpec}, named and shaped
 * as PyTorch names them ({@code c1.weight} as (out, in, kh, kw), {@code c1.bias}, {@code f6.weight}
 * as (out, in)), so that a PyTorch {@code state_dict} of the same network loads here and back.
 * Loading checks every name and shape against the network before reading a single value, and
 * returns the parameters only once all of them are read and the checksum holds: never a partial load.
 */
public final class Checkpoints {
    /** The network's qualified name, recorded on save for humans and tools; loading checks tensors, not this. */
    public static final String NETWORK_KEY = "kiln.network";

    /** The class names a classifier was trained with, as a JSON array of strings, so that {@code predict} prints names. */
    public static final String CLASSES_KEY = "kiln.classes";

    private Checkpoints() {
    }

    /** The metadata of a checkpoint (header only; the tensors are not read). */
    public static Map<String, String> metadata(Path file) {
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            return reader.header().metadata();
        }
    }

    /** {@code names} as the JSON array {@link #CLASSES_KEY} holds. */
    public static String encodeNames(List<String> names) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                s.append(", ");
            }
            Json.writeString(s, names.get(i));
        }
        return s.append(']').toString();
    }

    /** The class names in {@code metadata}, or an empty list when there are none or they are malformed. */
    public static List<String> classNames(Map<String, String> metadata) {
        String v = metadata.get(CLASSES_KEY);
        if (v == null) {
            return List.of();
        }
        try {
            Object parsed = Json.parse(v, CLASSES_KEY);
            if (parsed instanceof List<?> list && list.stream().allMatch(o -> o instanceof String)) {
                return list.stream().map(String.class::cast).toList();
            }
        } catch (CheckpointException e) {
            // an unreadable name list is no reason to refuse the weights; predict then prints indices
        }
        return List.of();
    }

    /**
     * Starts {@code params} (the network's initial values, flat) from {@code file}: every parameter
     * whose name (after {@code renames}: a file prefix {@code OLD} read as {@code NEW}) and shape match
     * a tensor of the file takes its values; the rest keep theirs. Nothing is changed unless the whole
     * file is read and its checksum holds.
     *
     * @param renames file prefix to network prefix, e.g. {@code backbone} to {@code features}, matching
     *                whole dot-separated parts
     * @throws CheckpointException when the file is damaged, or when not a single parameter matches
     *                             (a checkpoint of an unrelated network: nothing would be transferred)
     */
    public static InitReport initFrom(Path file, NetworkSpec spec, float[] params, Map<String, String> renames) {
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, SafeTensors.Tensor> byNetworkName = new LinkedHashMap<>();
        Map<String, String> originalName = new LinkedHashMap<>();
        for (Map.Entry<String, SafeTensors.Tensor> e : contents.tensors().entrySet()) {
            String name = rename(e.getKey(), renames);
            byNetworkName.put(name, e.getValue());
            originalName.put(name, e.getKey());
        }
        List<String> loaded = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> left = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        float[] staged = params.clone();
        for (ParamSpec p : spec.params()) {
            SafeTensors.Tensor t = byNetworkName.get(p.name());
            if (t == null) {
                left.add(p.name());
            } else if (!Arrays.equals(t.shape(), p.shape())) {
                skipped.add(p.name() + ": file " + TensorEntry.shapeText(t.shape()) + ", network "
                        + TensorEntry.shapeText(p.shape()));
                used.add(p.name());
            } else {
                System.arraycopy(t.data(), 0, staged, p.offset(), p.size());
                String from = originalName.get(p.name());
                loaded.add(from.equals(p.name()) ? p.name() : from + " -> " + p.name());
                used.add(p.name());
            }
        }
        List<String> unused = new ArrayList<>();
        for (Map.Entry<String, SafeTensors.Tensor> e : byNetworkName.entrySet()) {
            if (!used.contains(e.getKey())) {
                unused.add(originalName.get(e.getKey()) + " " + TensorEntry.shapeText(e.getValue().shape()));
            }
        }
        if (loaded.isEmpty()) {
            throw new CheckpointException(file + ": not one tensor fits " + spec.simpleName() + " by name and shape, so"
                    + " nothing would be transferred. The file has " + byNetworkName.keySet().stream()
                    .map(originalName::get).toList() + "; " + spec.simpleName() + " has "
                    + spec.params().stream().map(ParamSpec::name).toList()
                    + (skipped.isEmpty() ? "" : "; same names, other shapes: " + skipped)
                    + ". Name the layers alike, or map prefixes with --init-map OLD=NEW.");
        }
        System.arraycopy(staged, 0, params, 0, params.length);
        return new InitReport(loaded, skipped, left, unused);
    }

    private static String rename(String name, Map<String, String> renames) {
        // A prefix matches whole dot-separated parts: c1=conv1 renames c1.weight, not c10.weight.
        for (Map.Entry<String, String> r : renames.entrySet()) {
            String old = r.getKey();
            String stem = old.endsWith(".") ? old.substring(0, old.length() - 1) : old;
            String now = r.getValue().endsWith(".") ? r.getValue().substring(0, r.getValue().length() - 1) : r.getValue();
            if (name.equals(stem)) {
                return now;
            }
            if (name.startsWith(stem + ".")) {
                return now + name.substring(stem.length());
            }
        }
        return name;
    }

    /**
     * Saves {@code params} (the flat array in {@link NetworkSpec#params()} order) atomically, with
     * {@code metadata} plus {@code format: pt} (what PyTorch tools expect) and {@link #NETWORK_KEY}.
     * For a network with running statistics use {@link #save(Path, NetworkSpec, float[], float[], Map)}.
     *
     * @throws CheckpointException when the file cannot be written; the previous file is then unchanged
     */
    public static void save(Path file, NetworkSpec spec, float[] params, Map<String, String> metadata) {
        if (spec.stateCount() > 0) {
            throw new IllegalArgumentException(spec.simpleName() + " has running statistics (batch norm): save them too,"
                    + " with save(file, spec, params, state, metadata)");
        }
        save(file, spec, params, new float[0], metadata);
    }

    /**
     * Saves the parameters and the running statistics ({@link NetworkSpec#state()} order) as PyTorch's
     * {@code state_dict} holds them: {@code running_mean} and {@code running_var} F32, and
     * {@code num_batches_tracked} an I64 scalar.
     */
    public static void save(Path file, NetworkSpec spec, float[] params, float[] state, Map<String, String> metadata) {
        if (params.length != spec.parameterCount()) {
            throw new IllegalArgumentException(spec.simpleName() + " has " + spec.parameterCount()
                    + " parameters but the array to save holds " + params.length);
        }
        if (state.length != spec.stateCount()) {
            throw new IllegalArgumentException(spec.simpleName() + " has " + spec.stateCount()
                    + " running statistics but the array to save holds " + state.length);
        }
        LinkedHashMap<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            float[] data = Arrays.copyOfRange(params, p.offset(), p.offset() + p.size());
            tensors.put(p.name(), SafeTensors.Tensor.f32(p.shape(), data));
        }
        for (ParamSpec p : spec.state()) {
            float[] data = Arrays.copyOfRange(state, p.offset(), p.offset() + p.size());
            tensors.put(p.name(), p.shape().length == 0 ? SafeTensors.Tensor.i64(p.shape(), data)
                    : SafeTensors.Tensor.f32(p.shape(), data));
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("format", "pt");
        all.put(NETWORK_KEY, spec.qualifiedName());
        all.putAll(metadata);
        SafeTensors.write(file, tensors, all);
    }

    /**
     * Loads the flat parameter array of {@code spec} from {@code file}.
     *
     * @throws CheckpointException when the file is damaged, or a tensor is missing, unexpected or of
     *                             another shape (the message names each, with the expected and found
     *                             shapes); nothing is returned then
     */
    public static float[] load(Path file, NetworkSpec spec) {
        return loadAll(file, spec).params();
    }

    /** The parameters and the running statistics of a checkpoint, both flat in the spec's order. */
    public record Loaded(float[] params, float[] state) {}

    /**
     * Loads the parameters and the running statistics ({@code running_mean}, {@code running_var},
     * {@code num_batches_tracked}, as a PyTorch {@code state_dict} saved with safetensors holds them).
     *
     * @throws CheckpointException as {@link #load}
     */
    public static Loaded loadAll(Path file, NetworkSpec spec) {
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            List<TensorEntry> ordered = reader.header().inPayloadOrder();
            checkAgainst(file, spec, reader.header().byName());
            float[] params = new float[spec.parameterCount()];
            float[] state = new float[spec.stateCount()];
            Map<String, ParamSpec> paramByName = new LinkedHashMap<>();
            spec.params().forEach(p -> paramByName.put(p.name(), p));
            Map<String, ParamSpec> stateByName = new LinkedHashMap<>();
            spec.state().forEach(p -> stateByName.put(p.name(), p));
            float[][] arrays = new float[ordered.size()][];
            int[] offsets = new int[ordered.size()];
            for (int i = 0; i < ordered.size(); i++) {
                String name = ordered.get(i).name();
                ParamSpec p = paramByName.get(name);
                arrays[i] = p != null ? params : state;
                offsets[i] = p != null ? p.offset() : stateByName.get(name).offset();
            }
            reader.readPayload(arrays, offsets);
            return new Loaded(params, state);
        }
    }

    private static void checkAgainst(Path file, NetworkSpec spec, Map<String, TensorEntry> found) {
        List<ParamSpec> expected = new ArrayList<>(spec.params());
        expected.addAll(spec.state());
        List<String> problems = new ArrayList<>();
        for (ParamSpec p : expected) {
            TensorEntry t = found.get(p.name());
            if (t == null) {
                problems.add(p.name() + ": missing (expected shape " + TensorEntry.shapeText(p.shape()) + ")");
            } else if (!Arrays.equals(t.shape(), p.shape())) {
                problems.add(p.name() + ": expected shape " + TensorEntry.shapeText(p.shape()) + ", found "
                        + t.shapeText());
            } else if (t.int64() != (p.shape().length == 0)) {
                problems.add(p.name() + ": expected " + (p.shape().length == 0 ? "an I64 counter" : "F32") + ", found "
                        + (t.int64() ? "I64" : "F32"));
            }
        }
        for (TensorEntry t : found.values()) {
            if (expected.stream().noneMatch(p -> p.name().equals(t.name()))) {
                problems.add(t.name() + ": not a parameter of " + spec.simpleName() + " (shape " + t.shapeText() + ")");
            }
        }
        if (!problems.isEmpty()) {
            List<String> names = expected.stream().map(ParamSpec::name).toList();
            throw new CheckpointException(file + " does not fit " + spec.simpleName() + ", nothing was loaded: "
                    + String.join("; ", problems) + ". " + spec.simpleName() + " has " + names
                    + " (PyTorch names and layouts). Was it saved from another network?");
        }
    }
}
