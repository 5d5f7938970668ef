package dev.kiln.interop.onnx;

import dev.kiln.interop.imports.ImportedLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import onnx.Onnx.NodeProto;
import onnx.Onnx.StringStringEntryProto;

/**
 * Field names for imported layers from the model's module names, as the exporters record them:
 * <ul>
 *   <li>a parameter's initializer name ({@code layer1.0.conv1.weight}) for convs and dense layers:
 *       both exporters keep the module's name there unless they folded a batch norm in;</li>
 *   <li>PyTorch's dynamo exporter: metadata {@code pkg.torch.onnx.name_scopes}, the module path
 *       {@code ['', 'layer1', 'layer1.0', 'layer1.0.bn1', '_native_batch_norm...']} ending with the op's own name;</li>
 *   <li>the TorchScript exporter: node names {@code /layer1/layer1.0/conv1/Conv}, each part a scope
 *       relative to the one before or qualified ({@code /features/features.0/Conv});</li>
 *   <li>otherwise the node's name when it is a Java identifier (Kiln's own export names nodes after layers).</li>
 * </ul>
 * Module paths become identifiers with dots as underscores ({@code layer1_0_conv1}), so that both
 * exporters give one network the same field names. A layer that is an op inside a module's forward
 * (an add, concat, multiply, split or shuffle) gets the op's word after the module's name
 * ({@code layer1_0_add}).
 */
final class OnnxNames {
    static final String NAME_SCOPES = "pkg.torch.onnx.name_scopes";
    /** Names exporters make up for nodes: {@code node_Conv_12}, {@code val_3}. */
    private static final Pattern GENERATED = Pattern.compile("(node|val)_.*");
    private static final Pattern MODULE_WEIGHT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*\\.weight");

    private OnnxNames() {
    }

    /**
     * The suggested field name of a layer of {@code kind} made by {@code node}; null leaves it to the fallback.
     * A node the exporter left without names (the dynamo exporter's rewritten Split) takes the module its
     * {@code readers} share.
     */
    static String suggest(ImportedLayer.Kind kind, NodeProto node, List<NodeProto> readers) {
        if ((kind == ImportedLayer.Kind.CONV2D || kind == ImportedLayer.Kind.DENSE) && node.getInputCount() > 1
                && MODULE_WEIGHT.matcher(node.getInput(1)).matches()) {
            String w = node.getInput(1);
            return identifier(w.substring(0, w.length() - ".weight".length()));
        }
        String module = module(node);
        if (module == null) {
            module = sharedModule(readers);
        }
        if (module == null) {
            String n = node.getName();
            return SourceVersion.isIdentifier(n) && !SourceVersion.isKeyword(n) && !GENERATED.matcher(n).matches() ? n : null;
        }
        String word = opWord(kind);
        if (module.isEmpty()) {
            return word;
        }
        return identifier(module) + (word == null ? "" : "_" + word);
    }

    /** The word a functional op adds to its module's name; null for layers that are modules themselves. */
    private static String opWord(ImportedLayer.Kind kind) {
        return switch (kind) {
            case ADD -> "add";
            case CONCAT -> "cat";
            case MULTIPLY -> "mul";
            case SLICE -> "split";
            case CHANNEL_SHUFFLE -> "shuffle";
            default -> null;
        };
    }

    /** The module path the node belongs to ("" for the top level), or null when the file does not say. */
    static String module(NodeProto node) {
        for (StringStringEntryProto p : node.getMetadataPropsList()) {
            if (p.getKey().equals(NAME_SCOPES)) {
                List<String> scopes = pythonStrings(p.getValue());
                // the last entry is the op's own name; the one before it, the innermost module
                for (int i = scopes.size() - 2; i >= 0; i--) {
                    if (!scopes.get(i).isEmpty()) {
                        return scopes.get(i);
                    }
                }
                return "";
            }
        }
        String n = node.getName();
        if (!n.startsWith("/")) {
            return null;
        }
        // "/stage2/stage2.0/branch1/branch1.0/Conv": "stage2.0" is child 0 of the part before it, "branch1" a child by name
        String[] parts = n.substring(1).split("/");
        String path = "";
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            if (i > 0 && part.startsWith(parts[i - 1] + ".")) {
                path += part.substring(parts[i - 1].length());
            } else {
                path = path.isEmpty() ? part : path + "." + part;
            }
        }
        return path;
    }

    /** The longest module path all of {@code readers} lie in, or null when none of them says. */
    private static String sharedModule(List<NodeProto> readers) {
        List<String> shared = null;
        for (NodeProto r : readers) {
            String m = module(r);
            if (m == null) {
                continue;
            }
            List<String> parts = m.isEmpty() ? List.of() : List.of(m.split("\\."));
            if (shared == null) {
                shared = new ArrayList<>(parts);
            } else {
                int k = 0;
                while (k < shared.size() && k < parts.size() && shared.get(k).equals(parts.get(k))) {
                    k++;
                }
                shared.subList(k, shared.size()).clear();
            }
        }
        return shared == null ? null : String.join(".", shared);
    }

    /** "['', 'a', 'a.b']" -> ["", "a", "a.b"]. */
    private static List<String> pythonStrings(String list) {
        List<String> out = new ArrayList<>();
        String s = list.strip();
        if (s.startsWith("[")) {
            s = s.substring(1);
        }
        if (s.endsWith("]")) {
            s = s.substring(0, s.length() - 1);
        }
        for (String part : s.split(",")) {
            String p = part.strip();
            if (p.length() >= 2 && (p.startsWith("'") && p.endsWith("'") || p.startsWith("\"") && p.endsWith("\""))) {
                p = p.substring(1, p.length() - 1);
            }
            out.add(p);
        }
        return out;
    }

    /** "features.0.conv" -> features_0_conv; a leading digit gets an 'l'. */
    static String identifier(String s) {
        List<String> kept = new ArrayList<>();
        for (String p : s.split("[^A-Za-z0-9]+")) {
            if (!p.isEmpty()) {
                kept.add(p);
            }
        }
        String id = String.join("_", kept);
        if (id.isEmpty()) {
            return null;
        }
        return Character.isJavaIdentifierStart(id.charAt(0)) ? id : "l" + id;
    }
}
