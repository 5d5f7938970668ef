"""Checks Kiln's zoo samples against torchvision by running both on the same weights and pictures (not a test: the
suite never needs Python; run it by hand after changing a sample).

  /work/pyenv/bin/python scripts/samples/torchvision_check.py write DIR [Sample ...]
      for each sample, torchvision's model (torch.manual_seed(0), batch-norm scales, shifts and running statistics
      drawn at random so that no batch norm is the identity, eval mode) gives DIR/<Sample>.safetensors (its
      state_dict, each module path with "_" for "." as Kiln names the layers, e.g. features.3.conv.0.0.weight ->
      features_3_conv_0_0.weight), DIR/<Sample>.in.npy (two 3x224x224 pictures in [0, 1]) and DIR/<Sample>.torch.npy
      (torchvision's logits: `kiln infer` writes the last layer's output, and softmax belongs to the loss)
  ./kiln infer dev.kiln.samples.<Sample> --weights DIR/<Sample>.safetensors --input DIR/<Sample>.in.npy \\
      --output DIR/<Sample>.kiln.npy --backend java   (and --output DIR/<Sample>.kiln-opencl.npy --backend opencl)
  /work/pyenv/bin/python scripts/samples/torchvision_check.py compare DIR [Sample ...]
      prints the largest difference of the logits, relative to the largest logit, and whether the top classes agree.
A wrong stride, padding, group count, activation, pooling mode, concatenation order or shortcut changes the
outputs far beyond float rounding, while the parameter counts would not notice most of them.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torchvision_samples import SAMPLES, tvm  # noqa: E402  (the builders; torchvision loaded without its __init__)

BUILDERS = {"ResNet50": tvm.resnet50, **{cls: make for cls, (make, _, _) in SAMPLES.items()}}


def randomized(cls):
    make = BUILDERS[cls]
    torch.manual_seed(0)
    model = make().eval()
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                n = m.num_features
                m.weight.copy_(0.5 + torch.rand(n, generator=g))
                m.bias.copy_(0.2 * torch.randn(n, generator=g))
                m.running_mean.copy_(0.2 * torch.randn(n, generator=g))
                m.running_var.copy_(0.5 + torch.rand(n, generator=g))
    return model


def write_safetensors(path, tensors):
    header, offset, payload = {}, 0, []
    for name, t in tensors.items():
        integer = t.dtype == torch.int64  # batch norm's num_batches_tracked, which Kiln reads as PyTorch writes it
        data = np.ascontiguousarray(t.detach().numpy().astype("<i8" if integer else "<f4")).tobytes()
        header[name] = {"dtype": "I64" if integer else "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        payload.append(data)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for d in payload:
            f.write(d)


def kiln_name(key):
    module, _, leaf = key.rpartition(".")
    # ResNet50.java, written by hand, names layer1.0.downsample.0 layer1_0_downsample0
    return module.replace(".", "_").replace("downsample_", "downsample") + "." + leaf


def write(out, names):
    os.makedirs(out, exist_ok=True)
    for cls in names:
        model = randomized(cls)
        state = {kiln_name(k): v for k, v in model.state_dict().items()}
        write_safetensors(os.path.join(out, cls + ".safetensors"), state)
        x = torch.rand(2, 3, 224, 224, generator=torch.Generator().manual_seed(2))
        with torch.no_grad():
            p = model(x)
        np.save(os.path.join(out, cls + ".in.npy"), x.numpy().astype(np.float32))
        np.save(os.path.join(out, cls + ".torch.npy"), p.numpy().astype(np.float32))
        print("%s: %d tensors, top classes %s" % (cls, len(state), p.argmax(1).tolist()))


def compare(out, names):
    for cls in names:
        t = np.load(os.path.join(out, cls + ".torch.npy"))
        for backend, suffix in (("java", ".kiln.npy"), ("opencl", ".kiln-opencl.npy")):
            if not os.path.exists(os.path.join(out, cls + suffix)):
                continue
            k = np.load(os.path.join(out, cls + suffix))
            diff = np.abs(t - k).max()
            print("%-17s %-6s max |z_torch - z_kiln| = %.3g, largest |z_torch| %.3g, relative %.2g, top classes torch %s "
                  "kiln %s" % (cls, backend, diff, np.abs(t).max(), diff / np.abs(t).max(), t.argmax(1).tolist(),
                               k.argmax(1).tolist()))


if __name__ == "__main__":
    verb, out, names = sys.argv[1], sys.argv[2], sys.argv[3:] or list(BUILDERS)
    {"write": write, "compare": compare}[verb](out, names)
