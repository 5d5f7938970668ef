"""Writes Kiln's model-zoo samples (samples/src/main/java/dev/kiln/samples/<Name>.java) from torchvision's own
modules, so that each is torchvision's network layer for layer: the model is traced with torch.fx and every node
becomes one Kiln layer (activations fused into the conv, batch norm, add or dense layer before them), named after
its torchvision module ("features.3.conv.0.0" -> features_3_conv_0_0; a function inside a module, such as an add,
gets the module's path and the function: features_3_add).

Run once with the Python environment that has torch and torchvision (PyTorch 2.13, torchvision 0.28 wrote the
checked-in files):  /work/pyenv/bin/python scripts/samples/torchvision_samples.py samples/src/main/java/dev/kiln/samples
It also prints each network's trainable and batch-norm running-statistic counts, which the golden tests assert.
The test suite never runs this script. ResNet18 and ResNet50 are not written by it: they are hand-written with their
own layer names (layer2_0_downsample0, layer2_0_out), which tests and benchmarks use; scripts/samples/torchvision_check.py
checks ResNet50 against torchvision's resnet50 with the others.
"""
import importlib.util
import operator
import os
import sys
import textwrap
import types

import torch
import torch.fx as fx
from torch.fx.passes.shape_prop import ShapeProp


def load_torchvision():
    try:
        import torchvision  # noqa: F401
    except Exception:
        # the local torchvision wheel is a CUDA build: load the pure-Python model definitions without its __init__
        for k in [k for k in sys.modules if k == "torchvision" or k.startswith("torchvision.")]:
            del sys.modules[k]
        d = os.path.dirname(importlib.util.find_spec("torchvision").origin)
        pkg = types.ModuleType("torchvision")
        pkg.__path__ = [d]
        sys.modules["torchvision"] = pkg
    import torchvision.models as tvm
    return tvm


tvm = load_torchvision()
from torchvision.models import shufflenetv2 as tv_shuf  # noqa: E402
from torchvision.ops import stochastic_depth  # noqa: E402  (the function)

ACTIVATIONS = {torch.nn.ReLU: "RELU", torch.nn.ReLU6: "RELU6", torch.nn.Hardswish: "HARD_SWISH",
               torch.nn.Hardsigmoid: "HARD_SIGMOID", torch.nn.SiLU: "SILU", torch.nn.Sigmoid: "SIGMOID",
               torch.nn.GELU: "GELU"}

SAMPLES = {
    "MobileNetV2": (lambda: tvm.mobilenet_v2(), "torchvision.models.mobilenet_v2()", """\
 * MobileNet V2 (Sandler et al.) for 224x224 RGB images and 1,000 classes, as torchvision's {@code mobilenet_v2()}: a
 * strided 3x3 stem, seventeen inverted residual blocks (a 1x1 expansion with ReLU6, a depthwise 3x3 with ReLU6, a
 * linear 1x1 projection, each with batch norm; the input added back where the block keeps the shape), a 1x1 conv to
 * 1,280 channels, global average pooling, dropout 0.2 and a dense classifier."""),
    "MobileNetV3Small": (lambda: tvm.mobilenet_v3_small(), "torchvision.models.mobilenet_v3_small()", """\
 * MobileNet V3 Small (Howard et al.) for 224x224 RGB images and 1,000 classes, as torchvision's
 * {@code mobilenet_v3_small()}: a strided 3x3 stem with hard swish, eleven inverted residual blocks with ReLU or hard
 * swish and, in eight of them, squeeze-and-excitation (the block's depthwise output averaged to (C, 1, 1), two 1x1
 * convs, ReLU then hard sigmoid, multiplied back per channel), a 1x1 conv to 576 channels, global average pooling, a
 * dense layer of 1,024 with hard swish, dropout 0.2 and a dense classifier. Batch norm eps 0.001, momentum 0.01."""),
    "EfficientNetB0": (lambda: tvm.efficientnet_b0(), "torchvision.models.efficientnet_b0()", """\
 * EfficientNet-B0 (Tan and Le) for 224x224 RGB images and 1,000 classes, as torchvision's {@code efficientnet_b0()}:
 * a strided 3x3 stem with SiLU, sixteen MBConv blocks (1x1 expansion, depthwise 3x3 or 5x5, squeeze-and-excitation
 * with SiLU and a sigmoid gate, linear 1x1 projection, each conv with batch norm; the input added back where the block
 * keeps the shape), a 1x1 conv to 1,280 channels, global average pooling, dropout 0.2 and a dense classifier. Batch
 * norm with PyTorch's defaults (eps 1e-5, momentum 0.1; Keras' EfficientNetB0 uses others). Stochastic depth: each
 * residual block's branch passes through torchvision's StochasticDepth, which in training drops the branch for a
 * random part of the batch (probability 0 in the first block rising to 0.1875 in the last) and at inference is the
 * identity; it has no parameters and no Kiln layer, so the sample leaves it out and always adds the branch, as
 * torchvision's eval mode does (the counts and the inference graph are torchvision's; training lacks that one
 * regularisation)."""),
    "DenseNet121": (lambda: tvm.densenet121(), "torchvision.models.densenet121()", """\
 * DenseNet-121 (Huang et al.) for 224x224 RGB images and 1,000 classes, as torchvision's {@code densenet121()}: a
 * strided 7x7 stem with batch norm, ReLU and max pooling, four dense blocks of 6, 12, 24 and 16 layers (each layer
 * reads the concatenation of everything before it in its block: batch norm with ReLU, a 1x1 conv to 128 channels,
 * batch norm with ReLU, a 3x3 conv adding 32 channels), transitions between them (batch norm with ReLU, a 1x1 conv
 * halving the channels, 2x2 average pooling), a final batch norm with ReLU, global average pooling and a dense
 * classifier: 120 convolutions and 58 concatenations."""),
    "GoogLeNet": (lambda: tvm.googlenet(aux_logits=False, init_weights=True), "torchvision.models.googlenet(aux_logits=False)",
                  """\
 * GoogLeNet (Szegedy et al.) for 224x224 RGB images and 1,000 classes, as torchvision's
 * {@code googlenet(aux_logits=False)} (without the auxiliary heads, which only training uses): convs with batch norm
 * (eps 0.001) and ReLU, ceil-mode max pooling, nine inception modules (1x1; 1x1 then 3x3; 1x1 then 3x3, torchvision's
 * choice where the paper has 5x5; 3x3 max pooling then 1x1; concatenated), global average pooling, dropout 0.2 and a
 * dense classifier."""),
    "SqueezeNet11": (lambda: tvm.squeezenet1_1(), "torchvision.models.squeezenet1_1()", """\
 * SqueezeNet 1.1 (Iandola et al.) for 224x224 RGB images and 1,000 classes, as torchvision's {@code squeezenet1_1()}:
 * a strided 3x3 stem, eight fire modules (a 1x1 squeeze with ReLU, then 1x1 and 3x3 expansions with ReLU,
 * concatenated) between ceil-mode max pools, dropout 0.5, a 1x1 conv to one map per class with ReLU, and global
 * average pooling of each map into the class scores (logits): no dense layer, no batch norm."""),
    "ShuffleNetV2": (lambda: tvm.shufflenet_v2_x1_0(), "torchvision.models.shufflenet_v2_x1_0()", """\
 * ShuffleNet V2 x1.0 (Ma et al.) for 224x224 RGB images and 1,000 classes, as torchvision's
 * {@code shufflenet_v2_x1_0()}: a strided 3x3 stem and max pooling, three stages of 4, 8 and 4 units (a unit that
 * keeps the shape splits the channels in two, passes the first half and sends the second through a 1x1 conv, a
 * depthwise 3x3 and a 1x1 conv; a strided unit sends the whole input through two such branches; the halves are
 * concatenated and shuffled in two groups), a 1x1 conv to 1,024 channels, global average pooling and a dense
 * classifier."""),
}


class Tracer(fx.Tracer):
    """Keeps torchvision's channel_shuffle and stochastic_depth as single calls."""

    def __init__(self):
        super().__init__(autowrap_functions=(tv_shuf.channel_shuffle, stochastic_depth))


def trace(model):
    graph = Tracer().trace(model)
    gm = fx.GraphModule(model, graph)
    ShapeProp(gm).propagate(torch.zeros(1, 3, 224, 224))
    return gm


def shape(node):
    return tuple(node.meta["tensor_meta"].shape[1:])


def pair(v):
    v = tuple(v) if isinstance(v, (tuple, list)) else (v, v)
    return v[0] if v[0] == v[1] else "{%d, %d}" % v


class Layer:
    def __init__(self, name, kind, attrs, inputs, out_shape, activation_ok):
        self.name, self.kind, self.attrs, self.inputs, self.shape = name, kind, attrs, inputs, out_shape
        self.activation = None
        self.activation_ok = activation_ok


def convert(gm):
    modules = dict(gm.named_modules())
    layers = []      # in order
    value = {}       # fx node -> Layer name producing it ("input" for the placeholder)
    readers = {}     # fx node -> number of users
    taken = set()

    def module_path(n):
        stack = n.meta.get("nn_module_stack")
        if stack:
            return list(stack.values())[-1][0] if isinstance(list(stack.values())[-1], tuple) else list(stack.keys())[-1]
        return ""

    def fresh(base):
        base = base.replace(".", "_")
        name, k = base, 2
        while name in taken:
            name = "%s_%d" % (base, k)
            k += 1
        taken.add(name)
        return name

    def function_name(n, what):
        path = module_path(n)
        return fresh((path + "." + what) if path else what)

    def add(n, kind, attrs, inputs, name=None, activation_ok=False):
        l = Layer(name or fresh(n.target), kind, attrs, inputs, shape(n), activation_ok)
        l.path = n.target if n.op == "call_module" else module_path(n)
        layers.append(l)
        value[n] = l
        return l

    by_name = {}
    for n in gm.graph.nodes:
        if n.op == "placeholder":
            value[n] = "input"
            continue
        if n.op == "output":
            continue
        args = n.args
        if n.op == "call_module":
            m = modules[n.target]
            src = value[args[0]]
            if type(m) in ACTIVATIONS:
                fuse(layers, value, n, src, ACTIVATIONS[type(m)])
                continue
            if isinstance(m, torch.nn.Conv2d):
                a = {"filters": m.out_channels, "kernel": pair(m.kernel_size)}
                if pair(m.stride) != 1:
                    a["stride"] = pair(m.stride)
                if pair(m.padding) != 0:
                    a["padding"] = pair(m.padding)
                if pair(m.dilation) != 1:
                    a["dilation"] = pair(m.dilation)
                if m.groups != 1:
                    a["groups"] = m.groups
                if m.bias is None:
                    a["bias"] = "false"
                add(n, "Conv2d", a, [src], activation_ok=True)
            elif isinstance(m, torch.nn.BatchNorm2d):
                a = {}
                if m.eps != 1e-5:
                    a["eps"] = repr(m.eps)
                if m.momentum != 0.1:
                    a["momentum"] = repr(m.momentum)
                add(n, "BatchNorm", a, [src], activation_ok=True)
            elif isinstance(m, (torch.nn.MaxPool2d, torch.nn.AvgPool2d)):
                a = {"size": pair(m.kernel_size)}
                if pair(m.stride) != pair(m.kernel_size):
                    a["stride"] = pair(m.stride)
                if pair(m.padding) != 0:
                    a["padding"] = pair(m.padding)
                if m.ceil_mode:
                    a["ceilMode"] = "true"
                if isinstance(m, torch.nn.AvgPool2d) and not m.count_include_pad:
                    a["countIncludePad"] = "false"
                add(n, "MaxPool2d" if isinstance(m, torch.nn.MaxPool2d) else "AvgPool2d", a, [src])
            elif isinstance(m, torch.nn.AdaptiveAvgPool2d):
                global_pool(n, src, add)
            elif isinstance(m, torch.nn.Dropout):
                add(n, "Dropout", {"rate": repr(m.p)}, [src])
            elif isinstance(m, torch.nn.Linear):
                add(n, "Dense", {"units": m.out_features} if m.bias is not None else {"units": m.out_features, "bias": "false"},
                    [src], activation_ok=True)
            elif isinstance(m, torch.nn.Identity):
                value[n] = src
            else:
                raise SystemExit("no Kiln layer for module %s (%s)" % (n.target, type(m).__name__))
            continue
        fn = n.target
        if fn in (torch.relu, torch.nn.functional.relu):
            fuse(layers, value, n, value[args[0]], "RELU")
        elif fn in (torch.nn.functional.adaptive_avg_pool2d,) or (n.op == "call_method" and fn == "mean"):
            global_pool(n, value[args[0]], add, name=function_name(n, "pool"))
        elif fn in (torch.flatten,):
            src = value[args[0]]
            if src != "input" and src.kind == "GlobalAvgPool2d":
                value[n] = src  # the pool already gives a vector
            else:
                add(n, "Flatten", {}, [src], name=function_name(n, "flatten"))
        elif fn in (operator.add, torch.add):
            add(n, "Add", {}, [value[args[0]], value[args[1]]], name=function_name(n, "add"), activation_ok=True)
        elif fn in (operator.mul, torch.mul):
            add(n, "Multiply", {}, [value[args[0]], value[args[1]]], name=function_name(n, "mul"))
        elif fn is torch.cat:
            parts = [value[p] for p in args[0]]
            if len(parts) == 1:
                value[n] = parts[0]
            else:
                add(n, "Concat", {}, parts, name=function_name(n, "cat"))
        elif fn is stochastic_depth:
            value[n] = value[args[0]]  # the identity at inference; see the class comment
        elif fn is tv_shuf.channel_shuffle:
            add(n, "ChannelShuffle", {"groups": args[1]}, [value[args[0]]], name=function_name(n, "shuffle"))
        elif n.op == "call_method" and fn == "chunk":
            value[n] = ("chunk", value[args[0]], args[1], shape(args[0]))
        elif fn is operator.getitem and isinstance(value.get(args[0]), tuple):
            _, src, parts, (c, _h, _w) = value[args[0]]
            k = args[1]
            size = c // parts
            add(n, "Slice", {"channels": "{%d, %d}" % (k * size, (k + 1) * size)}, [src],
                name=function_name(n, "split%d" % k))
        else:
            raise SystemExit("no Kiln layer for %s %s" % (n.op, fn))
    return layers


def global_pool(n, src, add, name=None):
    """Average pooling to (C): a vector when a flatten follows, a (C, 1, 1) image when convs read it (SE)."""
    users = list(n.users)
    to_vector = all(u.target is torch.flatten for u in users) or (n.op == "call_method" and not n.kwargs.get("keepdim"))
    if to_vector:
        add(n, "GlobalAvgPool2d", {}, [src], name=name)
    else:
        h, w = shape(n.args[0])[1:]
        add(n, "AvgPool2d", {"size": pair((h, w))}, [src], name=name)


def fuse(layers, value, n, src, activation):
    """The activation into the layer producing its input, which must be a fusable kind without one."""
    if src == "input" or not src.activation_ok or src.activation is not None:
        raise SystemExit("cannot fuse %s into %s" % (activation, src if src == "input" else src.name))
    src.activation = activation
    value[n] = src


CONTAINERS = {"features", "stage2", "stage3", "stage4"}


def block(path):
    """The top-level block a layer belongs to: features.3.conv.0.0 -> features.3, inception3a.branch2.0.conv ->
    inception3a, conv1.0 -> conv1."""
    parts = path.split(".")
    return ".".join(parts[:2] if parts[0] in CONTAINERS else parts[:1])


def render(cls, layers, doc, builder):
    used = {"Layer", "Network", "Loss"}
    code = []
    previous = "input"
    for l in layers:
        attrs = []
        inputs = [i if i == "input" else i.name for i in l.inputs]
        if inputs != [previous]:
            attrs.append("from = " + ('"%s"' % inputs[0] if len(inputs) == 1 else "{" + ", ".join('"%s"' % i for i in inputs) + "}"))
        attrs += ["%s = %s" % kv for kv in l.attrs.items()]
        if l.activation:
            attrs.append("activation = Activation." + l.activation)
            used.add("Activation")
        used.add(l.kind)
        ann = "@" + l.kind + ("(" + ", ".join(attrs) + ")" if attrs else "")
        code.append(field(ann, l.name))
        previous = l.name
    # as ResNet50 (written by hand): the output shape where a block ends with a new shape, the comments in one column
    comments = {}
    last = None
    for i, l in enumerate(layers[:-1]):
        s = (l.shape[0],) if l.kind == "GlobalAvgPool2d" else l.shape
        if block(l.path) != block(layers[i + 1].path) and s != last:
            comments[i] = "// (" + ", ".join(str(d) for d in s) + ")"
            last = s
    column = max([95] + [len(code[i][-1]) + 1 for i in comments])
    lines = ["\n".join(c[:-1] + [c[-1].ljust(column) + comments[i] if i in comments else c[-1]]) for i, c in enumerate(code)]
    imports = "\n".join("import dev.kiln.dsl.%s;" % u for u in sorted(used))
    example = max(layers, key=lambda l: (l.path.count("."), -layers.index(l)))
    names = ("<p>Layer names are torchvision's module paths with {@code _} for {@code .} ({@code %s} is {@code %s}); a "
             "function inside a module (an add, a concatenation, a product) is named after the module and the function. "
             "Written from {@code %s} by {@code scripts/samples/torchvision_samples.py} (PyTorch 2.13, torchvision 0.28), "
             "one Kiln layer per torchvision module or function, each activation fused into the layer before it; the "
             "comments give the output shape where a block ends with a new shape."
             % (example.name, example.path, builder))
    return """package dev.kiln.samples;

%s

/**
%s
 *
%s
 */
@Network(channels = 3, height = 224, width = 224, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class %s {
%s
}
""" % (imports, javadoc(doc), javadoc(names), cls, "\n".join(lines))


def field(annotation, name, width=120):
    """The lines of one field: on one line when it fits, else the annotation's attributes wrapped after commas with
    a continuation indent, and the field on the annotation's last line when it fits there."""
    line = "    %s Layer %s;" % (annotation, name)
    if len(line) <= width:
        return [line]
    lines, current = [], "    "
    for token in annotation.replace(", ", ",\0").split("\0"):
        if len(current) + len(token) + 1 > width and current.strip():
            lines.append(current.rstrip())
            current = " " * 12
        current += token + (" " if token.endswith(",") else "")
    tail = " Layer %s;" % name
    if len(current) + len(tail) <= width:
        return lines + [current + tail]
    return lines + [current, "    Layer %s;" % name]


def javadoc(text):
    """One Javadoc paragraph, its lines at most 120 characters and never broken inside {@code ...}."""
    words = text.replace("{@code ", "{@code\0").split()
    return "\n".join(" * " + l.replace("\0", " ") for l in textwrap.wrap(" ".join(words), 117, break_long_words=False,
                                                                           break_on_hyphens=False))


def counts(m):
    trainable = sum(p.numel() for p in m.parameters() if p.requires_grad)
    stats = sum(b.numel() for n, b in m.named_buffers() if n.endswith("running_mean") or n.endswith("running_var"))
    return trainable, stats


def main():
    out = sys.argv[1]
    names = sys.argv[2:] or list(SAMPLES)
    for cls in names:
        make, builder, doc = SAMPLES[cls]
        torch.manual_seed(0)
        model = make().eval()
        layers = convert(trace(model))
        t, s = counts(model)
        doc = " ".join(l.lstrip(" *") for l in doc.splitlines())
        doc += (" %s trainable parameters and %s non-trainable (the batch norms' running means and variances), as"
                " torchvision counts them." % (format(t, ","), format(s, ",")) if s else
                " %s trainable parameters and no non-trainable ones (no batch norm), as torchvision counts them."
                % format(t, ","))
        with open(os.path.join(out, cls + ".java"), "w") as f:
            f.write(render(cls, layers, doc, builder))
        kinds = {}
        for l in layers:
            kinds[l.kind] = kinds.get(l.kind, 0) + 1
        print("%s: %d layers, trainable %d, running statistics %d, %s" % (cls, len(layers), t, s, kinds))


if __name__ == "__main__":
    main()
