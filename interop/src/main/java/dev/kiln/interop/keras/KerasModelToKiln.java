package dev.kiln.interop.keras;

import static dev.kiln.dsl.Activation.LEAKY_RELU_SLOPE;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.kiln.interop.InteropException;
import dev.kiln.interop.imports.Activation;
import dev.kiln.interop.imports.ImportedLayer;
import dev.kiln.interop.imports.ImportedNetwork;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.spec.Window;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A whole Keras model (Functional or Sequential, Keras 2's or 3's configuration format) as Kiln layers,
 * one field per Keras layer under the Keras layer's name:
 * <pre>
 *   Conv2D                  @Conv2d (kernel (kh, kw, in/groups, out) -> (out, in/groups, kh, kw); 'same' as same = true)
 *   DepthwiseConv2D         @Conv2d(groups = in), filters in x depth_multiplier
 *   SeparableConv2D         NAME_depthwise @Conv2d(groups = in), then NAME, a 1x1 @Conv2d
 *   BatchNormalization      @BatchNorm (gamma, beta, moving mean and variance; momentum 1 - Keras')
 *   ReLU, Activation        the activation of the layer before (ReLU(max_value=6) as RELU6)
 *   Add, Multiply, Concatenate   @Add, @Multiply, @Concat (channels)
 *   ZeroPadding2D           the padding of the conv or average pool after it
 *   MaxPooling2D, AveragePooling2D   @MaxPool2d, @AvgPool2d ('same' padding not counted, as Keras divides)
 *   GlobalAveragePooling2D  @GlobalAvgPool2d, or (keepdims, or a Reshape to (1, 1, C)) @AvgPool2d over the whole image
 *   Flatten, Dense          @Flatten, @Dense (the rows of a dense layer after a flatten go from Keras' (H, W, C) order to (C, H, W))
 *   Dropout                 @Dropout(rate)
 *   Rescaling, Normalization at the input   the checkpoint's normalisation (see below)
 * </pre>
 * Keras models read pixels 0 to 255 when they begin with Rescaling or Normalization (what
 * {@code image_dataset_from_directory} gives them); Kiln reads pixels in [0, 1]. The input's affine map
 * {@code y = a x + b} on Keras' values {@code x = 255 p} becomes Kiln's normalisation
 * {@code (p - mean) / std} with {@code std = 1 / (255 a)} and {@code mean = -b std}.
 */
final class KerasModelToKiln {
    private final String file;
    private final KerasModelFile.Model model;
    private final boolean keras2;
    private final Map<String, Value> tensors = new HashMap<>();
    private final Map<String, Integer> readers = new HashMap<>();
    private final Map<String, String> autoNames = new HashMap<>();
    private final List<ImportedLayer> layers = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Normalization normalize;
    private long[] input;
    private String layerName;
    private String className;

    /** A Keras tensor: a layer's output (layer null: the input), or the input awaiting the layer that reads it. */
    private sealed interface Value permits Out, Affine, Padded {}

    /** (C, H, W) or a vector (C); {@code tensor} is its Keras name, {@code layer/0/0}. */
    private record Out(ImportedLayer layer, long c, long h, long w, boolean vector, String tensor, boolean kerasFlattened)
            implements Value {}

    /** The network's input after Rescaling/Normalization: {@code scale * x + shift} per channel, on Keras' values. */
    private record Affine(Out source, double[] scale, double[] shift, String origin) implements Value {}

    /** An image after ZeroPadding2D, waiting for the conv or average pool that reads it. */
    private record Padded(Out source, int top, int bottom, int left, int right, String origin) implements Value {}

    private KerasModelToKiln(String file, KerasModelFile.Model model) {
        this.file = file;
        this.model = model;
        this.keras2 = model.kerasVersion().startsWith("2") || model.kerasVersion().startsWith("1");
    }

    /** The network in the Keras model {@code file} (.keras or .h5). */
    static ImportedNetwork map(Path file) {
        return KerasModelFile.read(file, m -> {
            KerasModelToKiln walk = new KerasModelToKiln(file.getFileName().toString(), m);
            try {
                return walk.walk();
            } catch (InteropException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InteropException(file.getFileName() + ": the model's architecture is not as Keras writes it ("
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + "). Nothing was written.", e);
            }
        });
    }

    private ImportedNetwork walk() {
        JsonObject arch = model.architecture();
        String kind = text(arch, "class_name", "");
        JsonObject config = object(arch, "config");
        JsonArray list = config.has("layers") && config.get("layers").isJsonArray() ? config.getAsJsonArray("layers") : null;
        if (list == null || !(kind.equals("Functional") || kind.equals("Model") || kind.equals("Sequential"))) {
            throw new InteropException(file + " holds a Keras " + (kind.isEmpty() ? "object" : kind) + "; Kiln imports "
                    + "Functional and Sequential models");
        }
        boolean sequential = kind.equals("Sequential");
        Map<String, Integer> used = new HashMap<>();
        for (JsonElement e : list) {
            JsonObject layer = e.getAsJsonObject();
            String cls = text(layer, "class_name", "?");
            String name = layerName(layer);
            String base = snakeCase(cls);
            Integer n = used.merge(base, 0, (a, b) -> a + 1);
            autoNames.put(name, n == 0 ? base : base + "_" + n);
        }
        if (sequential) {
            sequential(list, config);
        } else {
            functional(list, config);
        }
        if (layers.isEmpty()) {
            throw new InteropException(file + " has no layer Kiln can express");
        }
        return new ImportedNetwork(input[0], input[1], input[2], layers, "Keras " + model.kerasVersion(), model.format(),
                normalize, notes);
    }

    private void sequential(JsonArray list, JsonObject config) {
        long[] shape = null;
        for (String key : List.of("build_input_shape", "batch_input_shape")) {
            if (config.has(key) && config.get(key).isJsonArray()) {
                shape = dims(config.getAsJsonArray(key));
            }
        }
        String previous = null;
        for (JsonElement e : list) {
            JsonObject layer = e.getAsJsonObject();
            String cls = text(layer, "class_name", "?");
            JsonObject c = object(layer, "config");
            if (previous == null && !cls.equals("InputLayer")) {
                for (String key : List.of("batch_shape", "batch_input_shape")) {
                    if (c.has(key) && c.get(key).isJsonArray()) {
                        shape = dims(c.getAsJsonArray(key));
                    }
                }
                if (shape == null) {
                    throw new InteropException(file + ": the Sequential model records no input shape; build it (model.build) "
                            + "or begin it with keras.Input before saving");
                }
                previous = "input_layer";
                startInput(previous, shape);
            }
            String name = layerName(layer);
            if (cls.equals("InputLayer")) {
                startInput(name, inputShape(c));
                previous = name;
                continue;
            }
            readers.merge(previous + "/0/0", 1, Integer::sum);
            apply(layer, List.of(previous + "/0/0"));
            previous = name;
        }
        readers.merge(previous + "/0/0", 1, Integer::sum);
        finish(previous + "/0/0");
    }

    private void functional(JsonArray list, JsonObject config) {
        Map<String, List<String>> inputsOf = new HashMap<>();
        for (JsonElement e : list) {
            JsonObject layer = e.getAsJsonObject();
            List<String> in = inbound(layer);
            inputsOf.put(layerName(layer), in);
            for (String t : in) {
                readers.merge(t, 1, Integer::sum);
            }
        }
        List<String> outputs = tensorList(config.get("output_layers"));
        if (outputs.size() != 1) {
            throw new InteropException(file + " has " + outputs.size() + " outputs; a Kiln network has one");
        }
        List<String> inputs = tensorList(config.get("input_layers"));
        if (inputs.size() != 1) {
            throw new InteropException(file + " has " + inputs.size() + " inputs; a Kiln network has one image input");
        }
        readers.merge(outputs.get(0), 1, Integer::sum);
        for (JsonElement e : list) {
            JsonObject layer = e.getAsJsonObject();
            String name = layerName(layer);
            if (text(layer, "class_name", "").equals("InputLayer")) {
                startInput(name, inputShape(object(layer, "config")));
                continue;
            }
            apply(layer, inputsOf.get(name));
        }
        finish(outputs.get(0));
    }

    private void finish(String output) {
        Out out = out(output, "the model's output");
        if (out.layer() == null || out.layer() != layers.get(layers.size() - 1)) {
            throw new InteropException(file + ": the model's output is not its last layer Kiln imports, " + layers.get(layers.size() - 1).name);
        }
    }

    private void startInput(String name, long[] shape) {
        if (input != null) {
            throw new InteropException(file + " has a second input " + name + "; a Kiln network has one image input");
        }
        if (shape.length != 3) {
            throw new InteropException(file + ": input " + name + " has shape " + Arrays.toString(shape)
                    + "; Kiln's networks read images (height, width, channels)");
        }
        for (long d : shape) {
            if (d < 1 || d > 1 << 16) {
                throw new InteropException(file + ": input " + name + " has shape " + Arrays.toString(shape)
                        + "; Kiln needs a fixed height, width and channels");
            }
        }
        // Keras' (H, W, C) as Kiln's (C, H, W)
        input = new long[] {shape[2], shape[0], shape[1]};
        tensors.put(name + "/0/0", new Out(null, input[0], input[1], input[2], false, name + "/0/0", false));
    }

    private long[] inputShape(JsonObject c) {
        for (String key : List.of("batch_shape", "batch_input_shape")) {
            if (c.has(key) && c.get(key).isJsonArray()) {
                return dims(c.getAsJsonArray(key));
            }
        }
        throw new InteropException(file + ": the input layer records no shape");
    }

    /** [null, 64, 64, 3] -> {64, 64, 3}. */
    private long[] dims(JsonArray a) {
        long[] out = new long[a.size() - 1];
        for (int i = 1; i < a.size(); i++) {
            out[i - 1] = a.get(i).isJsonNull() ? -1 : a.get(i).getAsLong();
        }
        return out;
    }

    // ------------------------------------------------------------------ the architecture's graph

    private static String layerName(JsonObject layer) {
        if (layer.has("name") && layer.get("name").isJsonPrimitive()) {
            return layer.get("name").getAsString();
        }
        return text(object(layer, "config"), "name", "?");
    }

    /** The tensors a layer reads, as {@code layer/node/index}: Keras 3's {@code args} or Keras 2's nested lists. */
    private List<String> inbound(JsonObject layer) {
        List<String> out = new ArrayList<>();
        if (!layer.has("inbound_nodes") || !layer.get("inbound_nodes").isJsonArray()) {
            return out;
        }
        JsonArray nodes = layer.getAsJsonArray("inbound_nodes");
        if (nodes.size() > 1) {
            throw new InteropException(file + ": layer " + layerName(layer) + " is called " + nodes.size()
                    + " times; Kiln's layers do not share weights");
        }
        for (JsonElement node : nodes) {
            if (node.isJsonObject()) {
                collectKeras3(node.getAsJsonObject().get("args"), out);
            } else if (node.isJsonArray()) {
                for (JsonElement t : node.getAsJsonArray()) {
                    JsonArray ref = t.getAsJsonArray();
                    out.add(ref.get(0).getAsString() + "/" + ref.get(1).getAsInt() + "/" + ref.get(2).getAsInt());
                }
            }
        }
        return out;
    }

    private static void collectKeras3(JsonElement e, List<String> out) {
        if (e == null || e.isJsonNull()) {
            return;
        }
        if (e.isJsonArray()) {
            for (JsonElement x : e.getAsJsonArray()) {
                collectKeras3(x, out);
            }
        } else if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("class_name") && o.get("class_name").getAsString().equals("__keras_tensor__")) {
                JsonArray h = object(o, "config").getAsJsonArray("keras_history");
                out.add(h.get(0).getAsString() + "/" + h.get(1).getAsInt() + "/" + h.get(2).getAsInt());
            }
        }
    }

    /** input_layers / output_layers: [name, 0, 0] or [[name, 0, 0], ...]. */
    private static List<String> tensorList(JsonElement e) {
        List<String> out = new ArrayList<>();
        if (e == null || !e.isJsonArray()) {
            return out;
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() > 0 && a.get(0).isJsonPrimitive()) {
            out.add(a.get(0).getAsString() + "/" + a.get(1).getAsInt() + "/" + a.get(2).getAsInt());
            return out;
        }
        for (JsonElement x : a) {
            JsonArray r = x.getAsJsonArray();
            out.add(r.get(0).getAsString() + "/" + r.get(1).getAsInt() + "/" + r.get(2).getAsInt());
        }
        return out;
    }

    // ------------------------------------------------------------------ layers

    /** One layer; a configuration that is not what Keras writes (a missing field, a wrong type) is refused naming the layer. */
    private void apply(JsonObject layer, List<String> inputs) {
        className = text(layer, "class_name", "?");
        layerName = layerName(layer);
        try {
            applyChecked(layer, inputs);
        } catch (InteropException e) {
            throw e;
        } catch (RuntimeException e) {
            throw refuse("has a configuration Kiln cannot read, not as Keras writes it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private void applyChecked(JsonObject layer, List<String> inputs) {
        JsonObject c = object(layer, "config");
        if (c.has("data_format") && c.get("data_format").isJsonPrimitive()
                && c.get("data_format").getAsString().equals("channels_first")) {
            throw refuse("uses data_format channels_first; Kiln imports Keras' default channels_last");
        }
        String output = layerName + "/0/0";
        Value v = switch (className) {
            case "Conv2D" -> conv(c, one(inputs), false);
            case "DepthwiseConv2D" -> conv(c, one(inputs), true);
            case "SeparableConv2D" -> separable(c, one(inputs));
            case "BatchNormalization" -> batchNorm(c, one(inputs));
            case "ReLU" -> relu(c, one(inputs));
            case "Activation" -> activate(activation(c.get("activation")), one(inputs));
            case "Add", "Multiply", "Concatenate" -> merge(c, inputs);
            case "ZeroPadding2D" -> zeroPadding(c, one(inputs));
            case "MaxPooling2D", "AveragePooling2D" -> pool(c, one(inputs));
            case "GlobalAveragePooling2D" -> globalAverage(c, one(inputs));
            case "Reshape" -> reshape(c, one(inputs));
            case "Flatten" -> flatten(one(inputs));
            case "Dense" -> dense(c, one(inputs));
            case "Dropout" -> dropout(c, one(inputs));
            case "Rescaling" -> rescaling(c, one(inputs));
            case "Normalization" -> normalization(c, one(inputs));
            default -> throw refuse("is not a layer Kiln imports. Kiln imports Conv2D, DepthwiseConv2D, SeparableConv2D, "
                    + "BatchNormalization, ReLU, Activation, Add, Multiply, Concatenate, ZeroPadding2D, MaxPooling2D, "
                    + "AveragePooling2D, GlobalAveragePooling2D, Reshape of a pooled vector, Flatten, Dense, Dropout, and "
                    + "Rescaling or Normalization at the input");
        };
        tensors.put(output, v instanceof Out o ? new Out(o.layer(), o.c(), o.h(), o.w(), o.vector(), output, o.kerasFlattened()) : v);
    }

    private String one(List<String> inputs) {
        if (inputs.size() != 1) {
            throw refuse("reads " + inputs.size() + " tensors; it takes one");
        }
        return inputs.get(0);
    }

    private InteropException refuse(String why) {
        return new InteropException(file + ": layer '" + layerName + "' (" + className + ") " + why + ". Nothing was written.");
    }

    private String origin() {
        return "'" + layerName + "' (" + className + ")";
    }

    /** Tensor {@code t} as a layer's output; {@code who} names the reader in messages. */
    private Out out(String t, String who) {
        Value v = tensors.get(t);
        if (v == null) {
            throw new InteropException(file + ": " + who + " reads " + t.replace("/0/0", "") + ", which comes later or not at all");
        }
        if (v instanceof Out o) {
            return o;
        }
        if (v instanceof Affine a) {
            return normalise(a, t);
        }
        throw refuse("reads the output of ZeroPadding2D " + ((Padded) v).origin() + "; Kiln pads as part of a conv or average pool");
    }

    private Out image(String t) {
        Out o = out(t, origin());
        if (o.vector()) {
            throw refuse("reads a vector where it needs an image");
        }
        return o;
    }

    private ImportedLayer layer(ImportedLayer.Kind kind, Out from) {
        ImportedLayer l = new ImportedLayer(kind, origin());
        l.name = identifier(layerName);
        l.from.add(from.layer());
        layers.add(l);
        return l;
    }

    private static Out output(ImportedLayer l, long c, long h, long w, boolean vector) {
        l.output(c, h, w, vector);
        return new Out(l, c, h, w, vector, null, false);
    }

    private Value conv(JsonObject c, String tensor, boolean depthwise) {
        Value v = tensors.get(tensor);
        Padded pad = v instanceof Padded p ? p : null;
        Out x = pad != null ? pad.source() : image(tensor);
        int[] k = pair(c, "kernel_size");
        int[] s = pair(c, "strides");
        int[] d = pair(c, "dilation_rate");
        int groups = depthwise ? (int) x.c() : c.has("groups") ? c.get("groups").getAsInt() : 1;
        int multiplier = depthwise ? c.get("depth_multiplier").getAsInt() : 0;
        int filters = depthwise ? (int) x.c() * multiplier : c.get("filters").getAsInt();
        if (groups < 1 || x.c() % groups != 0 || filters % groups != 0) {
            throw refuse("has groups " + groups + ", which do not divide its " + x.c() + " input channels and " + filters + " filters");
        }
        boolean bias = c.get("use_bias").getAsBoolean();
        List<KerasWeightsFile.Weight> w = weights(bias ? 2 : 1);
        ImportedLayer l = layer(ImportedLayer.Kind.CONV2D, x);
        l.units = filters;
        l.groups = groups;
        l.kernel = k;
        l.stride = s;
        l.dilation = d;
        padding(l, x, c, pad, true);
        int in = (int) x.c() / groups;
        float[] kernel = read(w.get(0), depthwise ? new int[] {k[0], k[1], (int) x.c(), multiplier}
                : new int[] {k[0], k[1], in, filters});
        float[] weight = new float[filters * in * k[0] * k[1]];
        for (int y = 0; y < k[0]; y++) {
            for (int xx = 0; xx < k[1]; xx++) {
                for (int o = 0; o < filters; o++) {
                    for (int i = 0; i < in; i++) {
                        // Keras: (kh, kw, in, out) for a conv, (kh, kw, channel, multiplier) for a depthwise one
                        int from = depthwise ? (int) (((y * k[1] + xx) * x.c() + o / multiplier) * multiplier + o % multiplier)
                                : ((y * k[1] + xx) * in + i) * filters + o;
                        weight[((o * in + i) * k[0] + y) * k[1] + xx] = kernel[from];
                    }
                }
            }
        }
        l.params.put("weight", new ImportedLayer.Tensor(new int[] {filters, in, k[0], k[1]}, weight));
        if (bias) {
            l.params.put("bias", new ImportedLayer.Tensor(new int[] {filters}, read(w.get(1), new int[] {filters})));
        }
        l.activation = activation(c.get("activation"));
        Window win = l.window();
        return output(l, filters, win.outputHeight((int) x.h()), win.outputWidth((int) x.w()), false);
    }

    private Value separable(JsonObject c, String in) {
        Value v = tensors.get(in);
        Padded pad = v instanceof Padded p ? p : null;
        Out x = pad != null ? pad.source() : image(in);
        int[] k = pair(c, "kernel_size");
        int multiplier = c.get("depth_multiplier").getAsInt();
        int filters = c.get("filters").getAsInt();
        boolean bias = c.get("use_bias").getAsBoolean();
        List<KerasWeightsFile.Weight> w = weights(bias ? 3 : 2);
        int channels = (int) x.c();
        ImportedLayer dw = layer(ImportedLayer.Kind.CONV2D, x);
        dw.name = identifier(layerName + "_depthwise");
        dw.units = channels * multiplier;
        dw.groups = channels;
        dw.kernel = k;
        dw.stride = pair(c, "strides");
        dw.dilation = pair(c, "dilation_rate");
        padding(dw, x, c, pad, true);
        float[] kernel = read(w.get(0), new int[] {k[0], k[1], channels, multiplier});
        float[] weight = new float[dw.units * k[0] * k[1]];
        for (int y = 0; y < k[0]; y++) {
            for (int xx = 0; xx < k[1]; xx++) {
                for (int o = 0; o < dw.units; o++) {
                    weight[(o * k[0] + y) * k[1] + xx] = kernel[((y * k[1] + xx) * channels + o / multiplier) * multiplier
                            + o % multiplier];
                }
            }
        }
        dw.params.put("weight", new ImportedLayer.Tensor(new int[] {dw.units, 1, k[0], k[1]}, weight));
        Window win = dw.window();
        Out mid = output(dw, dw.units, win.outputHeight((int) x.h()), win.outputWidth((int) x.w()), false);
        ImportedLayer pw = layer(ImportedLayer.Kind.CONV2D, mid);
        pw.units = filters;
        pw.kernel = new int[] {1, 1};
        pw.stride = new int[] {1, 1};
        float[] point = read(w.get(1), new int[] {1, 1, dw.units, filters});
        float[] pwWeight = new float[filters * dw.units];
        for (int i = 0; i < dw.units; i++) {
            for (int o = 0; o < filters; o++) {
                pwWeight[o * dw.units + i] = point[i * filters + o];
            }
        }
        pw.params.put("weight", new ImportedLayer.Tensor(new int[] {filters, dw.units, 1, 1}, pwWeight));
        if (bias) {
            pw.params.put("bias", new ImportedLayer.Tensor(new int[] {filters}, read(w.get(2), new int[] {filters})));
        }
        pw.activation = activation(c.get("activation"));
        return output(pw, filters, mid.h(), mid.w(), false);
    }

    /** Keras' 'valid' or 'same', plus a ZeroPadding2D before it; asymmetric padding only where it is Kiln's same. */
    private void padding(ImportedLayer l, Out x, JsonObject c, Padded pad, boolean conv) {
        String mode = text(c, "padding", "valid");
        int[] p;
        if (mode.equals("same")) {
            Window s = Window.same((int) x.h(), (int) x.w(), l.kernel[0], l.kernel[1], l.stride[0], l.stride[1],
                    l.dilation[0], l.dilation[1]);
            p = new int[] {s.padTop(), s.padLeft(), s.padBottom(), s.padRight()};
        } else if (mode.equals("valid")) {
            p = new int[4];
        } else {
            throw refuse("has padding '" + mode + "'; Kiln imports 'valid' and 'same'");
        }
        if (pad != null) {
            l.nodes.add(0, pad.origin());
            p = new int[] {p[0] + pad.top(), p[1] + pad.left(), p[2] + pad.bottom(), p[3] + pad.right()};
        }
        l.pads = p;
        if (p[0] == p[2] && p[1] == p[3]) {
            return;
        }
        Window s = Window.same((int) x.h(), (int) x.w(), l.kernel[0], l.kernel[1], l.stride[0], l.stride[1],
                l.dilation[0], l.dilation[1]);
        if (conv && s.padTop() == p[0] && s.padLeft() == p[1] && s.padBottom() == p[2] && s.padRight() == p[3]) {
            l.same = true;
            return;
        }
        throw refuse("pads asymmetrically (top " + p[0] + ", left " + p[1] + ", bottom " + p[2] + ", right " + p[3]
                + "); Kiln pads both sides alike" + (conv ? " or as Keras' same" : ""));
    }

    private Value zeroPadding(JsonObject c, String in) {
        Out x = image(in);
        JsonElement p = c.get("padding");
        int[] tb;
        int[] lr;
        if (p.isJsonPrimitive()) {
            int v = p.getAsInt();
            tb = new int[] {v, v};
            lr = new int[] {v, v};
        } else {
            JsonArray a = p.getAsJsonArray();
            tb = a.get(0).isJsonArray() ? new int[] {a.get(0).getAsJsonArray().get(0).getAsInt(), a.get(0).getAsJsonArray().get(1).getAsInt()}
                    : new int[] {a.get(0).getAsInt(), a.get(0).getAsInt()};
            lr = a.get(1).isJsonArray() ? new int[] {a.get(1).getAsJsonArray().get(0).getAsInt(), a.get(1).getAsJsonArray().get(1).getAsInt()}
                    : new int[] {a.get(1).getAsInt(), a.get(1).getAsInt()};
        }
        if (readersOf(layerName) != 1) {
            throw refuse("is read by " + readersOf(layerName) + " layers; Kiln pads as part of the one conv or average pool after it");
        }
        return new Padded(x, tb[0], tb[1], lr[0], lr[1], origin());
    }

    private Value batchNorm(JsonObject c, String in) {
        Out x = out(in, origin());
        JsonElement axis = c.get("axis");
        int ax = axis.isJsonArray() ? axis.getAsJsonArray().get(0).getAsInt() : axis.getAsInt();
        if (!(ax == -1 || !x.vector() && ax == 3 || x.vector() && ax == 1)) {
            throw refuse("normalises axis " + ax + "; Kiln's batch norm normalises channels (axis -1)");
        }
        boolean scale = !c.has("scale") || c.get("scale").getAsBoolean();
        boolean center = !c.has("center") || c.get("center").getAsBoolean();
        int n = (int) x.c();
        List<KerasWeightsFile.Weight> w = weights((scale ? 1 : 0) + (center ? 1 : 0) + 2);
        int k = 0;
        float[] gamma = scale ? read(w.get(k++), new int[] {n}) : filled(n, 1);
        float[] beta = center ? read(w.get(k++), new int[] {n}) : new float[n];
        float[] mean = read(w.get(k++), new int[] {n});
        float[] var = read(w.get(k), new int[] {n});
        ImportedLayer l = layer(ImportedLayer.Kind.BATCH_NORM, x);
        l.units = n;
        l.eps = c.has("epsilon") ? c.get("epsilon").getAsDouble() : 1e-3;
        // Keras' momentum weighs the running value (0.99), Kiln's the batch's
        double momentum = 1 - (c.has("momentum") ? c.get("momentum").getAsDouble() : 0.99);
        l.momentum = momentum > 0 && momentum <= 1 ? momentum : 0.1;
        l.params.put("weight", new ImportedLayer.Tensor(new int[] {n}, gamma));
        l.params.put("bias", new ImportedLayer.Tensor(new int[] {n}, beta));
        l.state.put("running_mean", new ImportedLayer.Tensor(new int[] {n}, mean));
        l.state.put("running_var", new ImportedLayer.Tensor(new int[] {n}, var));
        return output(l, x.c(), x.h(), x.w(), x.vector());
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    private Value relu(JsonObject c, String in) {
        JsonElement max = c.get("max_value");
        double slope = c.has("negative_slope") && !c.get("negative_slope").isJsonNull() ? c.get("negative_slope").getAsDouble() : 0;
        double threshold = c.has("threshold") && !c.get("threshold").isJsonNull() ? c.get("threshold").getAsDouble() : 0;
        Activation a;
        if (threshold != 0) {
            a = null;
        } else if (max == null || max.isJsonNull()) {
            a = slope == 0 ? Activation.RELU : Math.abs(slope - LEAKY_RELU_SLOPE) < 1e-7 ? Activation.LEAKY_RELU : null;
        } else {
            a = slope == 0 && max.getAsDouble() == 6 ? Activation.RELU6 : null;
        }
        if (a == null) {
            throw refuse("is ReLU(max_value=" + max + ", negative_slope=" + slope + ", threshold=" + threshold + "); Kiln has "
                    + "ReLU, ReLU(max_value=6) (RELU6) and a leaky ReLU of slope " + LEAKY_RELU_SLOPE);
        }
        return activate(a, in);
    }

    /** {@code a} as the activation of the layer whose output {@code in} is (which nothing else may read). */
    private Value activate(Activation a, String in) {
        Out x = out(in, origin());
        if (a == Activation.NONE) {
            return x;
        }
        ImportedLayer l = x.layer();
        if (l == null || !l.carriesActivation() || l.activation != Activation.NONE || readers.getOrDefault(in, 0) != 1) {
            throw refuse("applies " + a + " to " + (l == null ? "the input" : "the output of " + l.origin())
                    + "; Kiln applies an activation as the last step of a conv, dense, add or batch norm layer that nothing "
                    + "else reads");
        }
        if (a == Activation.SOFTMAX && l.kind != ImportedLayer.Kind.DENSE) {
            throw refuse("applies softmax after " + l.origin() + "; Kiln's softmax ends a dense layer");
        }
        l.activation = a;
        l.nodes.add(origin());
        return new Out(l, x.c(), x.h(), x.w(), x.vector(), null, x.kerasFlattened());
    }

    /** A Keras activation: a name, or a serialised function object. */
    private Activation activation(JsonElement e) {
        String name = e == null || e.isJsonNull() ? "linear" : e.isJsonPrimitive() ? e.getAsString()
                : text(object(e.getAsJsonObject(), "config"), "name", text(e.getAsJsonObject(), "class_name", "?"));
        return switch (name) {
            case "linear" -> Activation.NONE;
            case "relu" -> Activation.RELU;
            case "sigmoid" -> Activation.SIGMOID;
            case "tanh" -> Activation.TANH;
            case "softmax" -> Activation.SOFTMAX;
            case "relu6" -> Activation.RELU6;
            case "silu", "swish" -> Activation.SILU;
            case "gelu" -> Activation.GELU;
            case "hard_silu", "hard_swish" -> Activation.HARD_SWISH;
            // Keras 2's hard_sigmoid was 0.2 x + 0.5; Keras 3's is PyTorch's relu6(x + 3) / 6
            case "hard_sigmoid" -> {
                if (keras2) {
                    throw refuse("uses Keras 2's hard_sigmoid (0.2 x + 0.5); Kiln's HARD_SIGMOID is relu6(x + 3) / 6");
                }
                yield Activation.HARD_SIGMOID;
            }
            default -> throw refuse("has activation '" + name + "'; Kiln imports linear, relu, sigmoid, tanh, softmax, relu6, "
                    + "silu (swish), gelu, hard_silu (hard_swish) and hard_sigmoid");
        };
    }

    private Value merge(JsonObject c, List<String> inputs) {
        if (inputs.size() < 2) {
            throw refuse("reads " + inputs.size() + " tensor; it merges two or more");
        }
        List<Out> parts = new ArrayList<>();
        for (String t : inputs) {
            parts.add(out(t, origin()));
        }
        Out first = parts.get(0);
        ImportedLayer.Kind kind = switch (className) {
            case "Add" -> ImportedLayer.Kind.ADD;
            case "Multiply" -> ImportedLayer.Kind.MULTIPLY;
            default -> ImportedLayer.Kind.CONCAT;
        };
        if (kind == ImportedLayer.Kind.CONCAT) {
            int axis = c.has("axis") ? c.get("axis").getAsInt() : -1;
            if (!(axis == -1 || !first.vector() && axis == 3 || first.vector() && axis == 1)) {
                throw refuse("joins along axis " + axis + "; Kiln's @Concat joins channels (axis -1)");
            }
        }
        if (kind == ImportedLayer.Kind.MULTIPLY && parts.size() != 2) {
            throw refuse("multiplies " + parts.size() + " tensors; Kiln's @Multiply takes two");
        }
        long channels = 0;
        Out big = first;
        for (Out p : parts) {
            boolean sameSize = p.vector() == first.vector() && p.h() == first.h() && p.w() == first.w();
            boolean fits = switch (kind) {
                case CONCAT -> sameSize;
                case ADD -> sameSize && p.c() == first.c();
                default -> p.c() == first.c() && (sameSize || p.vector() || p.h() * p.w() == 1 || first.vector()
                        || first.h() * first.w() == 1);
            };
            if (!fits) {
                throw refuse("merges tensors of shapes " + shape(first) + " and " + shape(p));
            }
            channels += p.c();
            if (!p.vector() && p.h() * p.w() > big.h() * big.w() || big.vector() && !p.vector()) {
                big = p;
            }
        }
        ImportedLayer l = layer(kind, first);
        for (int i = 1; i < parts.size(); i++) {
            l.from.add(parts.get(i).layer());
        }
        return output(l, kind == ImportedLayer.Kind.CONCAT ? channels : big.c(), big.h(), big.w(), big.vector());
    }

    private static String shape(Out o) {
        return o.vector() ? "(" + o.c() + ")" : "(" + o.h() + ", " + o.w() + ", " + o.c() + ")";
    }

    private Value pool(JsonObject c, String in) {
        boolean avg = className.equals("AveragePooling2D");
        Value v = tensors.get(in);
        Padded pad = v instanceof Padded p ? p : null;
        Out x = pad != null ? pad.source() : image(in);
        if (pad != null && !avg) {
            throw refuse("reads ZeroPadding2D " + pad.origin() + "; Kiln's max pool pads with -infinity, not zeros");
        }
        int[] k = pair(c, "pool_size");
        JsonElement strides = c.get("strides");
        int[] s = strides == null || strides.isJsonNull() ? k.clone() : pair(c, "strides");
        ImportedLayer l = layer(avg ? ImportedLayer.Kind.AVG_POOL2D : ImportedLayer.Kind.MAX_POOL2D, x);
        l.kernel = k;
        l.stride = s;
        boolean same = text(c, "padding", "valid").equals("same");
        padding(l, x, c, pad, false);
        if (2 * l.pads[0] > k[0] || 2 * l.pads[1] > k[1]) {
            throw refuse("pads " + l.pads[0] + " on a " + k[0] + "x" + k[1] + " window; Kiln's pools pad at most half the window");
        }
        // Keras' 'same' average divides by the values inside the image; a ZeroPadding2D's zeros are values
        l.countIncludePad = !(avg && same && l.pads[0] + l.pads[1] > 0);
        Window win = l.window();
        return output(l, x.c(), win.outputHeight((int) x.h()), win.outputWidth((int) x.w()), false);
    }

    private Value globalAverage(JsonObject c, String in) {
        Out x = image(in);
        boolean keep = c.has("keepdims") && c.get("keepdims").getAsBoolean();
        if (keep) {
            return wholeImagePool(x);
        }
        ImportedLayer l = layer(ImportedLayer.Kind.GLOBAL_AVG_POOL2D, x);
        l.kernel = new int[] {(int) x.h(), (int) x.w()};
        return output(l, x.c(), 1, 1, true);
    }

    private Out wholeImagePool(Out x) {
        ImportedLayer l = layer(ImportedLayer.Kind.AVG_POOL2D, x);
        l.kernel = new int[] {(int) x.h(), (int) x.w()};
        l.stride = l.kernel.clone();
        return output(l, x.c(), 1, 1, false);
    }

    private Value reshape(JsonObject c, String in) {
        Out x = out(in, origin());
        long[] target = dimsAll(c.getAsJsonArray("target_shape"));
        if (x.vector() && target.length == 3 && target[0] == 1 && target[1] == 1 && (target[2] == x.c() || target[2] == -1)) {
            // a pooled vector seen as a (1, 1, C) image: the pooling becomes an average pool over the whole image
            ImportedLayer l = x.layer();
            if (l == null || l.kind != ImportedLayer.Kind.GLOBAL_AVG_POOL2D || readers.getOrDefault(in, 0) != 1) {
                throw refuse("views a vector as a (1, 1, C) image; Kiln imports that only right after GlobalAveragePooling2D");
            }
            ImportedLayer pool = new ImportedLayer(ImportedLayer.Kind.AVG_POOL2D, l.origin());
            pool.name = l.name;
            pool.from.addAll(l.from);
            pool.kernel = l.kernel.clone();
            pool.stride = l.kernel.clone();
            pool.nodes.add(origin());
            layers.set(layers.indexOf(l), pool);
            return output(pool, x.c(), 1, 1, false);
        }
        if (!x.vector() && target.length == 1 && (target[0] == x.c() * x.h() * x.w() || target[0] == -1)) {
            return flatten(in);
        }
        if (x.vector() && target.length == 1 && (target[0] == x.c() || target[0] == -1)) {
            return x;
        }
        throw refuse("reshapes " + shape(x) + " to " + Arrays.toString(target) + "; Kiln imports a Reshape that flattens, "
                + "or that views a pooled vector as (1, 1, C)");
    }

    private static long[] dimsAll(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < a.size(); i++) {
            out[i] = a.get(i).isJsonNull() ? -1 : a.get(i).getAsLong();
        }
        return out;
    }

    private Value flatten(String in) {
        Out x = out(in, origin());
        if (x.vector()) {
            return x;
        }
        ImportedLayer l = layer(ImportedLayer.Kind.FLATTEN, x);
        l.output(x.c() * x.h() * x.w(), 1, 1, true);
        // Keras flattened (H, W, C); a dense layer after it takes its rows in that order
        return new Out(l, x.c() * x.h() * x.w(), 1, 1, true, null, x.h() * x.w() > 1);
    }

    private Value dense(JsonObject c, String in) {
        Out x = out(in, origin());
        if (!x.vector()) {
            throw refuse("reads an image " + shape(x) + "; Kiln's dense layers read vectors (flatten or pool first)");
        }
        int units = c.get("units").getAsInt();
        boolean bias = c.get("use_bias").getAsBoolean();
        List<KerasWeightsFile.Weight> w = weights(bias ? 2 : 1);
        int inputs = (int) x.c();
        float[] kernel = read(w.get(0), new int[] {inputs, units});
        ImportedLayer l = layer(ImportedLayer.Kind.DENSE, x);
        l.units = units;
        float[] weight = new float[units * inputs];
        ImportedLayer flat = x.kerasFlattened() ? x.layer() : null;
        long channels = flat == null ? 0 : layerChannels(flat);
        for (int r = 0; r < inputs; r++) {
            int column = r;
            if (flat != null) {
                // Keras' row (h W + w) C + c is Kiln's column c H W + (h W + w)
                long hw = inputs / channels;
                column = (int) ((r % channels) * hw + r / channels);
            }
            for (int o = 0; o < units; o++) {
                weight[o * inputs + column] = kernel[r * units + o];
            }
        }
        l.params.put("weight", new ImportedLayer.Tensor(new int[] {units, inputs}, weight));
        if (bias) {
            l.params.put("bias", new ImportedLayer.Tensor(new int[] {units}, read(w.get(1), new int[] {units})));
        }
        l.activation = activation(c.get("activation"));
        return output(l, units, 1, 1, true);
    }

    /** The channels of the image a flatten layer read. */
    private long layerChannels(ImportedLayer flatten) {
        ImportedLayer source = flatten.from.get(0);
        return source == null ? input[0] : source.c;
    }

    private Value dropout(JsonObject c, String in) {
        Out x = out(in, origin());
        ImportedLayer l = layer(ImportedLayer.Kind.DROPOUT, x);
        l.rate = c.get("rate").getAsDouble();
        return output(l, x.c(), x.h(), x.w(), x.vector());
    }

    // ------------------------------------------------------------------ the input's normalisation

    private Value rescaling(JsonObject c, String in) {
        Value v = tensors.get(in);
        int channels = (int) input[0];
        double[] scale = perChannel(c.get("scale"), channels);
        double[] offset = perChannel(c.has("offset") ? c.get("offset") : null, channels);
        return affine(v, scale, offset);
    }

    private Value normalization(JsonObject c, String in) {
        Value v = tensors.get(in);
        int channels = (int) input[0];
        JsonElement axis = c.get("axis");
        int ax = axis == null || axis.isJsonNull() ? -1 : axis.isJsonArray() ? axis.getAsJsonArray().get(0).getAsInt() : axis.getAsInt();
        if (ax != -1 && ax != 3) {
            throw refuse("normalises axis " + ax + "; Kiln normalises channels");
        }
        double[] mean;
        double[] variance;
        if (c.has("mean") && !c.get("mean").isJsonNull()) {
            mean = perChannel(c.get("mean"), channels);
            variance = perChannel(c.get("variance"), channels);
        } else {
            List<KerasWeightsFile.Weight> w = weights(3);
            mean = toDouble(read(w.get(0), null), channels);
            variance = toDouble(read(w.get(1), null), channels);
        }
        if (c.has("invert") && c.get("invert").getAsBoolean()) {
            throw refuse("inverts a normalisation; Kiln imports Normalization(invert=False)");
        }
        double[] scale = new double[channels];
        double[] shift = new double[channels];
        for (int i = 0; i < channels; i++) {
            // Keras: (x - mean) / max(sqrt(variance), 1e-7)
            scale[i] = 1 / Math.max(Math.sqrt(variance[i]), 1e-7);
            shift[i] = -mean[i] * scale[i];
        }
        return affine(v, scale, shift);
    }

    private double[] toDouble(float[] f, int channels) {
        if (f.length != 1 && f.length != channels) {
            throw refuse("holds " + f.length + " values for " + channels + " channels");
        }
        double[] d = new double[channels];
        for (int i = 0; i < channels; i++) {
            d[i] = f[f.length == 1 ? 0 : i];
        }
        return d;
    }

    private double[] perChannel(JsonElement e, int channels) {
        double[] out = new double[channels];
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (e.isJsonPrimitive()) {
            Arrays.fill(out, e.getAsDouble());
            return out;
        }
        JsonArray a = flat(e);
        if (a.size() != 1 && a.size() != channels) {
            throw refuse("has " + a.size() + " values for " + channels + " channels");
        }
        for (int i = 0; i < channels; i++) {
            out[i] = a.get(a.size() == 1 ? 0 : i).getAsDouble();
        }
        return out;
    }

    private static JsonArray flat(JsonElement e) {
        JsonArray out = new JsonArray();
        if (e.isJsonArray()) {
            for (JsonElement x : e.getAsJsonArray()) {
                out.addAll(flat(x));
            }
        } else {
            out.add(e);
        }
        return out;
    }

    /** {@code scale x + shift} on the input (or on an earlier such map of it). */
    private Value affine(Value v, double[] scale, double[] shift) {
        Affine prior;
        if (v instanceof Affine a) {
            prior = a;
        } else if (v instanceof Out o && o.layer() == null) {
            prior = new Affine(o, filled(scale.length), new double[scale.length], origin());
        } else {
            throw refuse("rescales the output of a layer; Kiln imports Rescaling and Normalization only at the input, "
                    + "as the normalisation of its pixels");
        }
        double[] s = new double[scale.length];
        double[] b = new double[scale.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = scale[i] * prior.scale()[i];
            b[i] = scale[i] * prior.shift()[i] + shift[i];
        }
        return new Affine(prior.source(), s, b, prior.origin().equals(origin()) ? origin() : prior.origin() + ", " + origin());
    }

    private static double[] filled(int n) {
        double[] d = new double[n];
        Arrays.fill(d, 1);
        return d;
    }

    /** The input's affine map as the checkpoint's normalisation, on pixels p in [0, 1] that Keras saw as 255 p. */
    private Out normalise(Affine a, String tensor) {
        if (normalize != null) {
            return a.source();
        }
        if (readers.getOrDefault(tensor, 0) != 1) {
            throw refuse("reads the input's normalisation, which other layers also read; Kiln normalises pixels once, "
                    + "for the whole network");
        }
        int channels = a.scale().length;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int i = 0; i < channels; i++) {
            if (!(a.scale()[i] > 0)) {
                throw refuse("reads the input scaled by " + a.scale()[i] + "; a normalisation divides by a positive std");
            }
            std[i] = 1 / (255 * a.scale()[i]);
            mean[i] = -a.shift()[i] * std[i];
        }
        normalize = ImportedNetwork.normalization(mean, std);
        notes.add(a.origin() + " at the input became the checkpoint's normalisation --normalize " + normalize
                + " (Kiln's pixels p in [0, 1] are the model's 255 p)");
        return a.source();
    }

    // ------------------------------------------------------------------ weights

    /** This layer's weights, checked to number {@code count}. */
    private List<KerasWeightsFile.Weight> weights(int count) {
        KerasWeightsFile.Layer l = model.weights().get(layerName);
        if (l == null) {
            KerasWeightsFile.Layer auto = model.weights().get(autoNames.get(layerName));
            l = auto != null && !auto.named() ? auto : null;
        }
        if (l == null) {
            throw refuse("has no weights in the file (looked for " + layerName + (autoNames.containsKey(layerName)
                    ? " and " + autoNames.get(layerName) : "") + ")");
        }
        if (l.weights().size() != count) {
            throw refuse("has " + l.weights().size() + " weights in the file; its configuration needs " + count);
        }
        return l.weights();
    }

    private float[] read(KerasWeightsFile.Weight w, int[] shape) {
        if (shape != null && !Arrays.equals(w.shape(), shape)) {
            throw refuse("has weight " + w.role() + " of shape " + Arrays.toString(w.shape()) + ", its configuration needs "
                    + Arrays.toString(shape));
        }
        return w.read(file + ": layer " + layerName);
    }

    // ------------------------------------------------------------------ helpers

    private int readersOf(String name) {
        return readers.getOrDefault(name + "/0/0", 0);
    }

    private int[] pair(JsonObject c, String key) {
        JsonElement e = c.get(key);
        if (e == null || e.isJsonNull()) {
            return new int[] {1, 1};
        }
        if (e.isJsonPrimitive()) {
            return new int[] {e.getAsInt(), e.getAsInt()};
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() != 2) {
            throw refuse("has " + key + " " + a + "; Kiln imports 2-d layers");
        }
        return new int[] {a.get(0).getAsInt(), a.get(1).getAsInt()};
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    private static String text(JsonObject o, String key, String fallback) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
    }

    /** Keras' name for a layer class, as its saving numbers them: Conv2D conv2d, DepthwiseConv2D depthwise_conv2d, ReLU re_lu. */
    static String snakeCase(String cls) {
        String s = cls.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** A Java identifier from a Keras layer name. */
    private static String identifier(String name) {
        String id = name.replaceAll("[^A-Za-z0-9_]+", "_");
        return id.isEmpty() || !Character.isJavaIdentifierStart(id.charAt(0)) ? "l" + id : id;
    }
}
